// The platform's HTTP API as the console uses it: same-origin requests through the gateway, authenticated
// by identity's httpOnly `token` cookie (never readable here, never stored by this code). Every failure
// becomes an ApiError carrying the problem's title and detail (RFC 9457), never a stack trace.

export class ApiError extends Error {
  constructor(status, title, detail, code) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail || '';
    this.code = code || '';
  }
}

const listeners = new Set();
/** Called with no argument whenever a request comes back 401 (the session ended). */
export function onUnauthenticated(listener) { listeners.add(listener); }

async function problemOf(response) {
  let title = response.statusText || `HTTP ${response.status}`;
  let detail = '';
  let code = '';
  try {
    const type = response.headers.get('content-type') || '';
    if (type.includes('json')) {
      const body = await response.json();
      title = body.title || body.error || title;
      detail = body.detail || body.details || body.message || '';
      code = body.code || '';
    }
  } catch { /* an unreadable body keeps the status line */ }
  if (response.status === 503 || response.status === 502 || response.status === 504) {
    detail = detail || 'The service is not reachable right now.';
  }
  return new ApiError(response.status, title, detail, code);
}

/** JSON request; resolves to the parsed body (null for 204), rejects with an ApiError. */
export async function api(path, { method = 'GET', body, signal, headers = {} } = {}) {
  const init = { method, credentials: 'same-origin', signal, headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', 'The gateway could not be reached.');
  }
  if (!response.ok) {
    const error = await problemOf(response);
    if (response.status === 401) listeners.forEach((l) => l());
    throw error;
  }
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/**
 * POST that answers text/event-stream (the chat stream): calls onFrame(json) for each `data:` frame as it
 * arrives (comments such as `: ping` are skipped), onOpen(headers) once the headers are in.
 * Cancel through the AbortSignal. EventSource cannot POST, hence fetch and a reader.
 */
export async function postStream(path, body, { onOpen, onFrame, signal }) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST', credentials: 'same-origin', signal,
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', 'The gateway could not be reached.');
  }
  if (!response.ok) {
    const error = await problemOf(response);
    if (response.status === 401) listeners.forEach((l) => l());
    throw error;
  }
  onOpen?.(response.headers);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(buffer.slice(end).match(/^\r?\n\r?\n/)[0].length + end);
      const data = block.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
      if (data) {
        try { onFrame(JSON.parse(data)); } catch { /* a frame that is not JSON is ignored */ }
      }
    }
  }
}
