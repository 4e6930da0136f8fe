// Assistants: the org's roster (assistants GET /api/assistants) with each assistant's agent in identity and what
// that agent was granted (identity GET /api/agents). An assistant acts with those grants only, never with what its
// definition declares. An org admin changes them here: assistants GET /api/assistants/{key}/agent (identity's
// current grants; it provisions the agent if the assistant never acted in this org), then identity
// PUT /api/agents/{id}/capabilities. Offered: what the admin holds plus what is already granted, since identity
// refuses to let an admin grant more than they hold. Everyone else sees the grants read-only.
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { api } from '../api.js';
import { problem, spinner, unavailable, notAvailable, formatTime } from '../ui.js';

const ROSTER = '/api/assistants/assistants';

const isCapability = (value) => typeof value === 'string' && value.startsWith('cap:');

/** Capabilities as a list of codes; those in `missing` (declared but not granted) flagged. */
function capabilityList(capabilities, missing = new Set()) {
  if (!capabilities.length) return html`<span class="muted">none</span>`;
  return html`<ul class="caps">${capabilities.map((c) => missing.has(c)
    ? html`<li class="missing" title="Declared but not granted"><code>${c}</code> <span class="badge">not granted</span></li>`
    : html`<li><code>${c}</code></li>`)}</ul>`;
}

export class Assistants {
  constructor(app) {
    this.app = app;
    this.title = 'Assistants';
    this.held = new Set((app.me?.capabilities || []).filter(isCapability));
    this.superAdmin = !!app.me?.user?.isSuperAdmin;
    // Both halves of a grant: reading the assistant's agent (assistants) and changing its grants (identity).
    this.admin = this.superAdmin || (this.held.has('cap:assistants.manage') && this.held.has('cap:agents.manage'));
    this.assistants = null;
    this.error = null;
    this.agents = new Map(); // agentId (assistant:<key>) → identity's AgentView
    this.agentsError = null;
    this.edits = new Map(); // assistant key → { agent, busy, error, saved } while an admin changes its grants
    this.load();
  }

  async load() {
    const [roster, agents] = await Promise.allSettled([api(ROSTER), api('/api/identity/agents')]);
    if (roster.status === 'fulfilled') {
      this.assistants = roster.value?.assistants || [];
      this.error = null;
    } else {
      this.assistants = [];
      this.error = roster.reason;
    }
    if (agents.status === 'fulfilled') {
      this.agents = new Map((agents.value?.agents || []).map((a) => [a.agentId, a]));
      this.agentsError = null;
    } else {
      this.agentsError = agents.reason;
    }
    this.app.update();
  }

  agentOf(assistant) {
    return this.agents.get(assistant.principalId) || this.agents.get(`assistant:${assistant.key}`) || null;
  }

  async edit(assistant) {
    const edit = { agent: null, busy: true, error: null, saved: false };
    this.edits.set(assistant.key, edit);
    this.app.update();
    try {
      edit.agent = await api(`${ROSTER}/${encodeURIComponent(assistant.key)}/agent`);
    } catch (error) {
      edit.error = error;
    }
    edit.busy = false;
    this.app.update();
  }

  close(assistant) {
    this.edits.delete(assistant.key);
    this.app.update();
  }

  async save(assistant, edit, event) {
    event.preventDefault();
    // The ticked boxes as they are on screen, sorted so that the same choice always sends the same body.
    const capabilities = new FormData(event.target).getAll('capability').map(String).sort();
    edit.busy = true;
    edit.error = null;
    edit.saved = false;
    this.app.update();
    try {
      const agent = await api(`/api/identity/agents/${encodeURIComponent(edit.agent.agentRowId)}/capabilities`,
        { method: 'PUT', body: { capabilities } });
      const granted = [...(agent?.capabilities || [])].sort();
      if (agent?.agentId) this.agents.set(agent.agentId, agent);
      const declared = edit.agent.declared || [];
      edit.agent = { ...edit.agent, granted, missing: declared.filter((c) => !granted.includes(c)) };
      edit.saved = true;
    } catch (error) {
      edit.error = error;
    }
    edit.busy = false;
    this.app.update();
  }

  editor(assistant, edit) {
    if (!edit) {
      return html`<button class="edit" @click=${() => this.edit(assistant)}>Change capabilities</button>`;
    }
    if (!edit.agent) {
      return html`${edit.busy ? spinner('Reading the agent…') : problem(edit.error)}
        ${edit.busy ? nothing : html`<button type="button" @click=${() => this.close(assistant)}>Close</button>`}`;
    }
    const declared = new Set(edit.agent.declared || []);
    const granted = new Set(edit.agent.granted || []);
    // A super admin may grant anything: offer what the assistant declares too.
    const offered = [...new Set([...this.held, ...granted, ...(this.superAdmin ? declared : [])])]
      .filter(isCapability)
      .sort((a, b) => (declared.has(b) - declared.has(a)) || a.localeCompare(b));
    const beyondReach = [...declared].filter((c) => !offered.includes(c));
    return html`<form class="grant" @submit=${(e) => this.save(assistant, edit, e)}>
      <fieldset>
        <legend>Capabilities granted to <code>${edit.agent.agentId}</code></legend>
        <div class="cap-choices">${offered.map((c) => html`<label class="check">
          <input type="checkbox" name="capability" value=${c} .checked=${granted.has(c)}>
          <code>${c}</code>${declared.has(c) ? html` <span class="badge">declared</span>` : nothing}${this.held.has(c) || this.superAdmin
            ? nothing : html` <small>you do not hold it, so it cannot stay</small>`}</label>`)}</div>
      </fieldset>
      ${beyondReach.length ? html`<p class="muted">Declared, but not yours to grant: ${beyondReach.map((c, i) => html`${i ? ', ' : ''}<code>${c}</code>`)}.</p>` : nothing}
      ${problem(edit.error)}
      ${edit.saved ? html`<p class="once" role="status">Saved: the assistant now holds ${edit.agent.granted.length} capabilities.</p>` : nothing}
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${edit.busy}>${edit.busy ? 'Saving…' : 'Save capabilities'}</button>
        <button type="button" @click=${() => this.close(assistant)}>Close</button>
      </div>
    </form>`;
  }

  card(assistant) {
    const agent = this.agentOf(assistant);
    const edit = this.edits.get(assistant.key);
    // The editor's answer from assistants is identity's current word; the list's is from when the page loaded.
    const granted = edit?.agent ? edit.agent.granted || [] : agent ? [...(agent.capabilities || [])].sort() : [];
    const declared = assistant.capabilities || [];
    const missing = new Set(declared.filter((c) => !granted.includes(c)));
    const agentId = edit?.agent?.agentId || agent?.agentId;
    return html`<section class="card assistant" data-key=${assistant.key}>
      <h2>${assistant.name || assistant.key} <small>${assistant.key}${assistant.alias ? ` · alias ${assistant.alias}` : ''}</small></h2>
      ${assistant.description ? html`<p>${assistant.description}</p>` : nothing}
      <dl class="facts">
        <div><dt>Agent</dt><dd class="agent">${agentId ? html`<code>${agentId}</code>${agent && !agent.isActive ? html` <span class="badge status-failed">deactivated</span>` : nothing}${agent?.lastSeenAt ? html` <span class="muted">last active ${formatTime(agent.lastSeenAt)}</span>` : nothing}`
          : this.agentsError ? html`<span class="muted">unknown: identity did not answer</span>`
            : html`<span class="muted">not provisioned yet (created when the assistant first acts in this organization)</span>`}</dd></div>
        <div><dt>Granted</dt><dd class="granted">${capabilityList(granted)}</dd></div>
        <div><dt>Declared</dt><dd class="declared">${capabilityList(declared, missing)}</dd></div>
      </dl>
      ${this.admin ? this.editor(assistant, edit) : nothing}
    </section>`;
  }

  view() {
    if (this.error && unavailable(this.error)) {
      return html`<h1>Assistants</h1>${notAvailable('Assistants', 'The assistants service is not reachable.')}`;
    }
    return html`
      <h1>Assistants</h1>
      <p class="muted">Each assistant acts as its own agent in this organization, with only the capabilities granted here,
        never with what its definition declares.${this.admin ? '' : " Only the organization's admins change them."}</p>
      ${problem(this.error)}
      ${problem(this.agentsError)}
      ${this.assistants === null ? spinner() : this.assistants.length === 0 && !this.error
        ? html`<p class="muted">No assistants yet: publish one in the catalog.</p>`
        : this.assistants.map((a) => this.card(a))}`;
  }
}
