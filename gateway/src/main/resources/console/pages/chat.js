// Chat: the caller's conversations, a conversation's history (paged backwards), and replies streamed token by
// token from POST /api/messaging/send. Other tabs' activity arrives over messaging's WebSocket.
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { repeat } from '../vendor/lit-html/directives/repeat.js';
import { api, postStream, ApiError } from '../api.js';
import { subscribeLive, applyMessageEvent } from '../live.js';
import { problem, spinner, unavailable, notAvailable, formatTime } from '../ui.js';

const PAGE = 30;

export class Chat {
  constructor(app) {
    this.app = app;
    this.title = 'Chat';
    this.conversations = null;
    this.current = null; // conversation id, or null for a new chat
    this.messages = [];
    this.hasMore = false;
    this.nextBefore = null;
    this.loading = false;
    this.error = null;
    this.streaming = null; // { controller, replyId }
    this.options = { assistant: '', provider: '', model: '' };
    this.live = 'connecting';
    this.loadConversations();
    this.connect();
  }

  enter(path) {
    const id = path.split('/')[2] || null;
    if (id !== this.current) this.open(id, false);
  }

  dispose() {
    this.disposed = true;
    this.streaming?.controller.abort();
    this.unsubscribe?.();
  }

  connect() {
    this.unsubscribe = subscribeLive({
      event: (event) => this.onLive(event),
      state: (state) => { this.live = state; this.app.update(); },
    });
  }

  onLive({ event, data }) {
    if (!data) return;
    const conversationId = data.conversationId;
    if (!this.conversations?.some((c) => c.id === conversationId) && event === 'message:new') {
      this.loadConversations();
    }
    if (conversationId !== this.current) return;
    if (this.streaming && data.id === this.streaming.replyId || this.streaming && data.messageId === this.streaming.replyId) {
      return; // our own reply: the stream shows it
    }
    const messages = applyMessageEvent(this.messages, event, data);
    if (!messages) return;
    this.messages = messages;
    this.app.update();
    this.scroll();
  }

  async loadConversations() {
    try {
      const body = await api('/api/messaging/conversations?limit=100');
      this.conversations = body.conversations || [];
      this.listError = null;
    } catch (error) {
      this.listError = error;
      this.conversations = this.conversations || [];
    }
    this.app.update();
  }

  async open(id, push = true) {
    this.streaming?.controller.abort();
    this.current = id;
    this.messages = [];
    this.hasMore = false;
    this.error = null;
    if (push) this.app.navigate(id ? `/chat/${id}` : '/chat');
    if (!id) { this.app.update(); return; }
    await this.loadMessages();
    this.scroll();
  }

  async loadMessages(before) {
    this.loading = true;
    this.app.update();
    const id = this.current;
    try {
      const query = new URLSearchParams({ limit: PAGE });
      if (before) query.set('before', before);
      const body = await api(`/api/messaging/conversations/${encodeURIComponent(id)}/messages?${query}`);
      if (id !== this.current) return;
      const older = (body.messages || []).slice().reverse();
      this.messages = before ? older.concat(this.messages) : older;
      this.hasMore = !!body.hasMore;
      this.nextBefore = body.nextBefore;
    } catch (error) {
      this.error = error;
    }
    this.loading = false;
    this.app.update();
  }

  async send(event) {
    event.preventDefault();
    const form = event.target;
    const content = form.elements.content.value.trim();
    if (!content || this.streaming) return;
    form.elements.content.value = '';
    const body = { content };
    if (this.current) body.conversationId = this.current;
    for (const key of ['assistant', 'provider', 'model']) if (this.options[key]) body[key] = this.options[key];
    const mine = { id: `local-${Date.now()}`, senderType: 'user', content, status: 'complete', createdAt: new Date().toISOString() };
    const reply = { id: 'pending', senderType: 'agent', senderId: 'assistant', content: '', status: 'streaming' };
    this.messages.push(mine, reply);
    const controller = new AbortController();
    this.streaming = { controller, replyId: null };
    this.error = null;
    this.app.update();
    this.scroll();
    try {
      await postStream('/api/messaging/send', body, {
        signal: controller.signal,
        onOpen: (headers) => {
          reply.id = headers.get('X-Message-Id') || reply.id;
          this.streaming.replyId = reply.id;
          mine.id = headers.get('X-User-Message-Id') || mine.id;
          // The live socket may have delivered these two before the headers arrived: keep one copy.
          this.messages = this.messages.filter((m) => m === mine || m === reply || (m.id !== mine.id && m.id !== reply.id));
          const conversationId = headers.get('X-Conversation-Id');
          if (conversationId && conversationId !== this.current) {
            this.current = conversationId;
            history.replaceState(null, '', `/chat/${conversationId}`);
            this.loadConversations();
          }
        },
        onFrame: (frame) => {
          if (frame.content !== undefined) {
            reply.content += frame.content;
          } else if (frame.done) {
            reply.status = 'complete';
            reply.metadata = { provider: frame.provider, model: frame.model };
          } else if (frame.error) {
            reply.status = 'incomplete';
            this.error = new ApiError(0, frame.error, frame.details, frame.code);
          }
          this.app.update();
          this.scroll();
        },
      });
      if (reply.status === 'streaming') reply.status = 'incomplete';
    } catch (error) {
      if (error.name === 'AbortError') {
        reply.status = 'cancelled';
      } else {
        this.error = error;
        if (!reply.content) this.messages = this.messages.filter((m) => m !== reply);
        reply.status = 'incomplete';
      }
    }
    this.streaming = null;
    this.app.update();
    // The stored reply carries the trace id: reload so "trace" links appear.
    if (this.current) this.refreshTail();
  }

  async refreshTail() {
    try {
      const body = await api(`/api/messaging/conversations/${encodeURIComponent(this.current)}/messages?limit=4`);
      for (const stored of body.messages || []) {
        const at = this.messages.findIndex((m) => m.id === stored.id);
        if (at >= 0) this.messages[at] = stored;
      }
      this.app.update();
    } catch { /* the page keeps what it streamed */ }
  }

  cancel() {
    this.streaming?.controller.abort();
  }

  scroll() {
    requestAnimationFrame(() => {
      const log = document.getElementById('messages');
      if (log) log.scrollTop = log.scrollHeight;
    });
  }

  keydown(event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  }

  option(key, event) {
    this.options[key] = event.target.value.trim();
  }

  messageView(m) {
    const role = m.senderType === 'user' ? 'user' : 'assistant';
    return html`<li class="msg ${role} ${m.status}" data-status=${m.status || ''}>
      <div class="meta">${role === 'user' ? 'You' : (m.senderId || 'assistant')}
        ${m.status && m.status !== 'complete' ? html`<span class="badge">${m.status}</span>` : nothing}
        ${m.traceId ? html`<a class="trace" href="/observe/traces/${m.traceId}" data-nav>trace</a>` : nothing}</div>
      <div class="content">${m.content}${m.status === 'streaming' ? html`<span class="caret" aria-hidden="true"></span>` : nothing}</div>
    </li>`;
  }

  view() {
    if (this.listError && unavailable(this.listError)) {
      return notAvailable('Chat', 'The messaging service is not reachable: ' + this.listError.detail);
    }
    return html`
      <div class="chat">
        <aside class="conversations" aria-label="Conversations">
          <button class="primary" @click=${() => this.open(null)}>New chat</button>
          ${problem(this.listError)}
          ${this.conversations === null ? spinner() : html`
            <ul>${repeat(this.conversations, (c) => c.id, (c) => html`
              <li><a href="/chat/${c.id}" data-nav aria-current=${c.id === this.current ? 'page' : 'false'}
                >${c.name || 'Untitled conversation'}<small>${formatTime(c.updatedAt)}</small></a></li>`)}
            </ul>
            ${this.conversations.length === 0 ? html`<p class="muted">No conversations yet.</p>` : nothing}`}
        </aside>
        <section class="conversation" aria-label="Conversation">
          <div class="toolbar">
            <span class="live ${this.live}" role="status">${this.live === 'live' ? 'Live' : this.live === 'offline' ? 'Offline (reconnecting)' : 'Connecting…'}</span>
            <details>
              <summary>Assistant and model</summary>
              <label>Assistant <input placeholder="coordinator" @change=${(e) => this.option('assistant', e)} .value=${this.options.assistant}></label>
              <label>Provider <input placeholder="default" @change=${(e) => this.option('provider', e)} .value=${this.options.provider}></label>
              <label>Model <input placeholder="default" @change=${(e) => this.option('model', e)} .value=${this.options.model}></label>
            </details>
          </div>
          <ol id="messages" class="messages" aria-live="polite">
            ${this.hasMore ? html`<li class="older"><button ?disabled=${this.loading} @click=${() => this.loadMessages(this.nextBefore)}>Load older messages</button></li>` : nothing}
            ${this.loading && this.messages.length === 0 ? html`<li>${spinner()}</li>` : nothing}
            ${!this.current && this.messages.length === 0 ? html`<li class="muted">Start a new conversation below.</li>` : nothing}
            ${repeat(this.messages, (m) => m, (m) => this.messageView(m))}
          </ol>
          ${problem(this.error)}
          <form class="composer" @submit=${(e) => this.send(e)}>
            <label class="sr-only" for="content">Message</label>
            <textarea id="content" name="content" rows="2" placeholder="Message (Enter to send, Shift+Enter for a new line)"
              maxlength="32000" required @keydown=${(e) => this.keydown(e)}></textarea>
            ${this.streaming
              ? html`<button type="button" class="danger" @click=${() => this.cancel()}>Cancel</button>`
              : html`<button type="submit" class="primary">Send</button>`}
          </form>
        </section>
      </div>`;
  }
}
