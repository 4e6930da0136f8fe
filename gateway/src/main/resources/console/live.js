// Messaging's live socket, shared by every part of the console that shows conversations (the chat page and the
// command bar): one WebSocket per tab (the browser sends the httpOnly `token` cookie with the handshake),
// reconnected after 5 s when it drops. Listeners get each event ({event, data}) and each state change.
const listeners = new Set();
let socket = null;
let state = 'offline';

function setState(next) {
  state = next;
  listeners.forEach((l) => l.state?.(state));
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
  if (!socket) connect(); else listener.state?.(state);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) socket?.close();
  };
}
