// Messaging's live socket, shared by every part of the console that shows conversations (the chat page and the
// command bar): one WebSocket per tab (the browser sends the httpOnly `token` cookie with the handshake),
// reconnected after 5 s when it drops. Listeners get each event ({event, data}) and each state change.
const listeners = new Set();
let socket = null;
let state = 'offline';

function setState(next) {
  state = next;
  // Never from inside subscribeLive's caller (a page still being constructed): always after the current task.
  queueMicrotask(() => listeners.forEach((l) => l.state?.(state)));
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  setState('connecting');
  socket = new WebSocket(`${scheme}://${location.host}/api/messaging/ws`);
  socket.addEventListener('open', () => setState('live'));
  socket.addEventListener('message', (message) => {
    let parsed;
    try { parsed = JSON.parse(message.data); } catch { return; }
    listeners.forEach((l) => l.event?.(parsed));
  });
  socket.addEventListener('close', () => {
    socket = null;
    if (listeners.size === 0) { state = 'offline'; return; }
    setState('offline');
    setTimeout(() => { if (listeners.size && !socket) connect(); }, 5000);
  });
}

/** Subscribe: {event(e), state(s)}; returns the unsubscribe function (the socket closes with its last listener). */
export function subscribeLive(listener) {
  listeners.add(listener);
  if (!socket) connect(); else queueMicrotask(() => listener.state?.(state));
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) socket?.close();
  };
}

/**
 * Joins a conversation created after the socket opened: the socket only hears the conversations its user was in
 * when it connected. A reconnect joins them all again, so a closed socket needs nothing.
 */
export function joinLive(conversationId) {
  if (socket?.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ event: 'join:conversation', data: { conversationId } }));
  }
}

/**
 * Applies a messaging event to a conversation's messages (oldest first): a new or updated message replaces the
 * one `same(m, data)` finds (by id unless told otherwise) or is appended; a delta extends its message's content
 * (ignoring a repeat); a deletion removes it. Returns the messages, or null for an event that is not about messages.
 */
export function applyMessageEvent(messages, event, data, same = (m, d) => m.id === d.id) {
  if (event === 'message:new' || event === 'message:updated') {
    const at = messages.findIndex((m) => same(m, data));
    if (at >= 0) messages[at] = data; else messages.push(data);
    return messages;
  }
  if (event === 'message:delta') {
    const message = messages.find((m) => m.id === data.messageId);
    if (message && (data.offset ?? 0) >= (message.content || '').length) message.content = (message.content || '') + data.content;
    return messages;
  }
  if (event === 'message:deleted') return messages.filter((m) => m.id !== data.id);
  return null;
}
