// The command bar, on every page: plain-language commands to the `symbia` operator assistant. It uses the
// caller's operator conversation (a private conversation marked metadata.console = "operator" with
// assistant:symbia added as a participant, the way a user adds any assistant), posts the text as a message and
// shows the conversation live over messaging's socket. Operator messages carry metadata.operator and show as
// cards: a plan, tool steps (one card per stepId, at its latest status), confirmation requests with Confirm /
// Cancel (POST /api/assistants/operator/confirmations/{id}) and their outcome; the final answer is plain text.
import { html, nothing } from './vendor/lit-html/lit-html.js';
import { api } from './api.js';
import { subscribeLive, applyMessageEvent, joinLive } from './live.js';
import { problem, spinner, unavailable } from './ui.js';

const ASSISTANT = 'assistant:symbia';
const MARK = 'operator';

export class CommandBar {
  constructor(app) {
    this.app = app;
    this.open = false;
    this.conversationId = null;
    this.messages = [];
    this.error = null;
    this.busy = false;
    this.loading = false;
    this.decisions = new Map(); // confirmationId -> {busy, error, outcome}
    this.live = 'offline';
    this.unsubscribe = null;
    this.onKey = (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        document.getElementById('command')?.focus();
      } else if (event.key === 'Escape' && this.open) {
        this.toggle(false);
      }
    };
    addEventListener('keydown', this.onKey);
  }

  dispose() {
    removeEventListener('keydown', this.onKey);
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  toggle(open = !this.open) {
    this.open = open;
    if (open) this.ensureLoaded();
    this.app.update();
    if (open) this.scroll();
  }

  async ensureLoaded() {
    if (!this.unsubscribe) {
      this.unsubscribe = subscribeLive({
        event: (event) => this.onLive(event),
        state: (state) => { this.live = state; this.app.update(); },
      });
    }
    if (this.conversationId || this.loading) return;
    this.loading = true;
    this.error = null;
    this.app.update();
    try {
      const list = await api('/api/messaging/conversations?type=private&limit=100');
      const mine = (list.conversations || []).find((c) => c.metadata?.console === MARK);
      if (mine) {
        this.conversationId = mine.id;
        await this.loadMessages();
      }
    } catch (error) {
      this.error = error;
    }
    this.loading = false;
    this.app.update();
  }

  /** The operator conversation, created with the operator added on first use. */
  async conversation() {
    if (this.conversationId) return this.conversationId;
    const created = await api('/api/messaging/conversations', { method: 'POST',
      body: { type: 'private', name: 'Operator', metadata: { console: MARK } } });
    try {
      await api(`/api/messaging/conversations/${encodeURIComponent(created.id)}/participants`, { method: 'POST',
        body: { principalId: ASSISTANT, principalType: 'agent' } });
    } catch (error) {
      // Without the operator the conversation is useless: remove it, so the next try starts clean.
      await api(`/api/messaging/conversations/${encodeURIComponent(created.id)}`, { method: 'DELETE' }).catch(() => {});
      throw error;
    }
    this.conversationId = created.id;
    joinLive(created.id); // the live socket predates the conversation
    return created.id;
  }

  async loadMessages() {
    const body = await api(`/api/messaging/conversations/${encodeURIComponent(this.conversationId)}/messages?limit=50`);
    this.messages = (body.messages || []).slice().reverse();
    this.scroll();
  }

  onLive({ event, data }) {
    if (!data || !this.conversationId || data.conversationId !== this.conversationId) return;
    // The user's own message may arrive before its POST answers: it replaces the local copy.
    const messages = applyMessageEvent(this.messages, event, data,
      (m, d) => m.id === d.id || (m.local && m.content === d.content && d.senderType === 'user'));
    if (!messages) return;
    this.messages = messages;
    this.app.update();
    this.scroll();
  }

  async submit(event) {
    event.preventDefault();
    const input = event.target.elements.command;
    const content = input.value.trim();
    if (!content || this.busy) return;
    this.open = true;
    this.busy = true;
    this.error = null;
    this.app.update();
    await this.ensureLoaded();
    const local = { id: `local-${Date.now()}`, local: true, senderType: 'user', content, status: 'complete' };
    try {
      const id = await this.conversation();
      this.messages.push(local);
      input.value = '';
      this.app.update();
      this.scroll();
      const stored = await api(`/api/messaging/conversations/${encodeURIComponent(id)}/messages`, { method: 'POST', body: { content } });
      const at = this.messages.indexOf(local);
      if (stored?.id && at >= 0 && !this.messages.some((m) => m.id === stored.id)) this.messages[at] = stored;
      else if (at >= 0) this.messages.splice(at, 1);
    } catch (error) {
      this.messages = this.messages.filter((m) => m !== local);
      this.error = error;
    }
    this.busy = false;
    this.app.update();
  }

  async decide(confirmationId, decision) {
    const state = { busy: true, error: null, outcome: null };
    this.decisions.set(confirmationId, state);
    this.app.update();
    try {
      const answer = await api(`/api/assistants/operator/confirmations/${encodeURIComponent(confirmationId)}`,
        { method: 'POST', body: { decision } });
      state.outcome = answer?.status || (decision === 'confirm' ? 'confirmed' : 'cancelled');
    } catch (error) {
      state.error = error;
    }
    state.busy = false;
    this.app.update();
  }

  scroll() {
    requestAnimationFrame(() => {
      const log = document.getElementById('operator-log');
      if (log) log.scrollTop = log.scrollHeight;
    });
  }

  /** Messages as cards: step updates fold into their step's card, outcomes into their confirm card. */
  cards() {
    const cards = [];
    const steps = new Map();
    const confirms = new Map();
    const outcomes = new Map();
    for (const m of this.messages) {
      const op = m.metadata?.operator;
      if (op?.kind === 'confirmation') { outcomes.set(op.confirmationId, op.status); continue; }
      if (op?.kind === 'step' && op.stepId && steps.has(op.stepId)) { steps.get(op.stepId).op = op; continue; }
      const card = { message: m, op };
      if (op?.kind === 'step' && op.stepId) steps.set(op.stepId, card);
      if (op?.kind === 'confirm') confirms.set(op.confirmationId, card);
      cards.push(card);
    }
    for (const [id, status] of outcomes) {
      const card = confirms.get(id);
      if (card) card.outcome = status;
    }
    return cards;
  }

  cardView({ message, op, outcome }) {
    if (!op) {
      const mine = message.senderType === 'user';
      return html`<li class="op-msg ${mine ? 'user' : 'assistant'}" data-status=${message.status || ''}>
        <div class="meta">${mine ? 'You' : 'Operator'}${message.status === 'streaming' ? html` <span class="badge">thinking…</span>` : nothing}</div>
        <div class="content">${message.content}</div></li>`;
    }
    if (op.kind === 'plan') {
      return html`<li class="op-card plan"><div class="meta">Plan</div>
        ${(op.steps || []).length ? html`<ol>${op.steps.map((s) => html`<li><code>${s.tool}</code> ${withoutTool(s)}</li>`)}</ol>`
          : html`<p>${message.content}</p>`}</li>`;
    }
    if (op.kind === 'step') {
      return html`<li class="op-card step status-${op.status}" data-step=${op.stepId} data-status=${op.status}>
        <div class="meta"><span class="badge step-status">${op.status}</span> <code>${op.tool}</code></div>
        <p>${op.summary}</p>
        ${op.result !== undefined && op.result !== null ? html`<details><summary>Result</summary><pre>${typeof op.result === 'string' ? op.result : JSON.stringify(op.result, null, 2)}</pre></details>` : nothing}
      </li>`;
    }
    if (op.kind === 'confirm') {
      const decision = this.decisions.get(op.confirmationId);
      const status = outcome || decision?.outcome || op.status || 'pending';
      const pending = status === 'pending';
      return html`<li class="op-card confirm status-${status}" data-confirmation=${op.confirmationId} data-status=${status}>
        <div class="meta">Confirmation needed <code>${op.tool}</code></div>
        <p><strong>${op.summary}</strong></p>
        <details><summary>Arguments</summary><pre>${JSON.stringify(op.arguments ?? {}, null, 2)}</pre></details>
        ${pending ? html`<div class="actions">
            <button class="primary" ?disabled=${decision?.busy} @click=${() => this.decide(op.confirmationId, 'confirm')}>Confirm</button>
            <button ?disabled=${decision?.busy} @click=${() => this.decide(op.confirmationId, 'cancel')}>Cancel</button>
            ${decision?.busy ? html`<span class="muted" role="status">Sending…</span>` : nothing}</div>`
          : html`<p class="outcome" role="status">${status === 'confirmed' ? 'Confirmed: the operator goes ahead.'
            : status === 'cancelled' ? 'Cancelled: nothing was done.' : status === 'expired' ? 'Expired: ask again to retry.' : status}</p>`}
        ${problem(decision?.error)}
      </li>`;
    }
    return html`<li class="op-msg assistant"><div class="content">${message.content}</div></li>`;
  }

  /** The bar itself, in the header. */
  barView() {
    return html`<form class="command" role="search" aria-label="Operator command" @submit=${(e) => this.submit(e)}>
      <label class="sr-only" for="command">Ask the operator</label>
      <input id="command" name="command" autocomplete="off" maxlength="4000"
        placeholder="Ask the operator… e.g. scan the project for vulnerabilities (Ctrl+K)" ?disabled=${this.busy}>
      <button type="button" class="icon" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="operator"
        title="Operator conversation" @click=${() => this.toggle()}>${this.open ? 'Close' : 'Operator'}</button>
    </form>`;
  }

  /** The drawer with the operator conversation. */
  panelView() {
    if (!this.open) return nothing;
    const down = this.error && unavailable(this.error);
    return html`<aside id="operator" class="operator" aria-label="Operator">
      <header><h2>Operator</h2>
        <span class="live ${this.live}" role="status">${this.live === 'live' ? 'Live' : this.live === 'offline' ? 'Offline' : 'Connecting…'}</span>
        <button class="link" @click=${() => this.toggle(false)}>Close</button></header>
      ${down ? html`<p class="empty">The operator is not available: ${this.error.detail || this.error.title}</p>` : problem(this.error)}
      ${this.loading ? spinner() : nothing}
      <ol id="operator-log" class="operator-log" aria-live="polite">
        ${!this.loading && this.messages.length === 0 ? html`<li class="muted">Ask for something in the bar above: “deploy with the JFrog pipeline”, “show the latest deployment's logs”. Anything that changes the world asks for your confirmation first.</li>` : nothing}
        ${this.cards().map((card) => this.cardView(card))}
      </ol>
      ${this.busy ? spinner('Sending…') : nothing}
    </aside>`;
  }
}

// The operator's summaries start with the tool's name, which the card already shows.
function withoutTool(step) {
  const summary = step.summary || '';
  return step.tool && summary.startsWith(step.tool) ? summary.slice(step.tool.length).trim() : summary;
}
