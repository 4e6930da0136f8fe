// Settings: API keys (the key is shown once, right after creation, and never kept), vault credentials
// (write-only: the secret goes in, only its prefix comes back), the org's members and roles
// (identity /api/orgs/{orgId}, invite, role change, removal) and its audit log (identity /api/audit).
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { api } from '../api.js';
import { problem, spinner, formatTime } from '../ui.js';

const ROLES = ['admin', 'member', 'viewer'];
const AUDIT_PAGE = 50;

export class Settings {
  constructor(app) {
    this.app = app;
    this.title = 'Settings';
    this.keys = null;
    this.keysError = null;
    this.newKey = null;
    this.credentials = null;
    this.credentialsError = null;
    this.orgId = app.me?.orgId || null;
    this.org = null;
    this.members = null;
    this.membersError = null;
    this.audit = { items: null, error: null, offset: 0, hasMore: false, action: '' };
    this.loadKeys();
    this.loadCredentials();
    if (this.orgId) {
      this.loadMembers();
      this.loadAudit();
    }
  }

  orgPath() { return `/api/identity/orgs/${encodeURIComponent(this.orgId)}`; }

  async loadMembers() {
    try {
      const body = await api(this.orgPath());
      this.org = body.organization;
      this.members = body.members || [];
      this.membersError = null;
    } catch (error) {
      this.membersError = error;
      this.members = this.members || [];
    }
    this.app.update();
  }

  async invite(event) {
    event.preventDefault();
    const f = event.target.elements;
    this.membersError = null;
    try {
      await api(`${this.orgPath()}/members/invite`, { method: 'POST', body: { email: f.email.value.trim(), role: f.role.value } });
      event.target.reset();
      await this.loadMembers();
    } catch (error) {
      this.membersError = error;
      this.app.update();
    }
  }

  async changeRole(member, event) {
    this.membersError = null;
    try {
      await api(`${this.orgPath()}/members/${encodeURIComponent(member.id)}`, { method: 'PATCH', body: { role: event.target.value } });
      await this.loadMembers();
    } catch (error) {
      event.target.value = member.role;
      this.membersError = error;
      this.app.update();
    }
  }

  async removeMember(member) {
    if (!confirm(`Remove ${member.email} from the organization?`)) return;
    try {
      await api(`${this.orgPath()}/members/${encodeURIComponent(member.id)}`, { method: 'DELETE' });
      await this.loadMembers();
    } catch (error) {
      this.membersError = error;
      this.app.update();
    }
  }

  async loadAudit(event, offset = 0) {
    event?.preventDefault();
    if (event?.target?.elements) this.audit.action = event.target.elements.action.value.trim();
    const params = new URLSearchParams({ orgId: this.orgId, limit: AUDIT_PAGE, offset });
    if (this.audit.action) params.set('action', this.audit.action);
    try {
      const body = await api(`/api/identity/audit?${params}`);
      this.audit.items = body.items || [];
      this.audit.hasMore = !!body.hasMore;
      this.audit.offset = offset;
      this.audit.error = null;
    } catch (error) {
      this.audit.error = error;
      this.audit.items = [];
    }
    this.app.update();
  }

  membersView() {
    const admin = this.org?.role === 'admin';
    return html`<section class="card">
      <h2>Members and roles ${this.org ? html`<small>${this.org.name}</small>` : nothing}</h2>
      ${problem(this.membersError)}
      ${admin ? html`<form class="inline" @submit=${(e) => this.invite(e)}>
        <label>Email of an existing user <input name="email" type="email" required maxlength="254"></label>
        <label>Role <select name="role">${ROLES.map((r) => html`<option ?selected=${r === 'member'}>${r}</option>`)}</select></label>
        <button class="primary" type="submit">Add member</button></form>` : html`<p class="muted">Only the organization's admins change members and roles.</p>`}
      ${this.members === null ? spinner() : html`<div class="table-wrap"><table class="members">
        <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Since</th><th></th></tr></thead>
        <tbody>${this.members.map((m) => html`<tr><td>${m.name || ''}</td><td>${m.email}</td>
          <td>${admin ? html`<select aria-label=${`Role of ${m.email}`} @change=${(e) => this.changeRole(m, e)}>
              ${ROLES.map((r) => html`<option ?selected=${r === m.role}>${r}</option>`)}</select>` : m.role}</td>
          <td>${formatTime(m.createdAt)}</td>
          <td>${admin ? html`<button class="danger" @click=${() => this.removeMember(m)}>Remove</button>` : nothing}</td></tr>`)}</tbody>
      </table></div>`}
    </section>`;
  }

  auditView() {
    const a = this.audit;
    const forbidden = a.error && a.error.status === 403;
    return html`<section class="card">
      <h2>Audit log</h2>
      ${forbidden ? html`<p class="muted">Reading the audit log needs the org admin role (cap:identity.audit).</p>` : html`
        <form class="filters" role="search" @submit=${(e) => this.loadAudit(e)}>
          <label>Action <input name="action" .value=${a.action} placeholder="member.invited"></label>
          <button type="submit">Filter</button>
        </form>
        ${problem(a.error)}
        ${a.items === null ? spinner() : html`<div class="table-wrap"><table class="audit">
          <thead><tr><th>Time</th><th>Action</th><th>Actor</th><th>Target</th><th>Address</th></tr></thead>
          <tbody>${a.items.map((e) => html`<tr><td>${formatTime(e.createdAt)}</td><td><code>${e.action}</code></td>
            <td>${e.actorType}: ${e.actorId || ''}</td><td>${e.targetType ? `${e.targetType}: ${e.targetId || ''}` : ''}</td><td>${e.ip || ''}</td></tr>`)}</tbody>
        </table></div>
        ${a.items.length === 0 ? html`<p class="muted">No events.</p>` : nothing}
        <div class="pager">
          <button ?disabled=${a.offset === 0} @click=${() => this.loadAudit(null, Math.max(0, a.offset - AUDIT_PAGE))}>Newer</button>
          <button ?disabled=${!a.hasMore} @click=${() => this.loadAudit(null, a.offset + AUDIT_PAGE)}>Older</button>
        </div>`}`}
    </section>`;
  }

  dispose() { this.newKey = null; }

  async loadKeys() {
    try {
      this.keys = (await api('/api/identity/api-keys')).apiKeys || [];
    } catch (error) {
      this.keysError = error;
      this.keys = [];
    }
    this.app.update();
  }

  async loadCredentials() {
    try {
      this.credentials = (await api('/api/identity/credentials')).credentials || [];
    } catch (error) {
      this.credentialsError = error;
      this.credentials = [];
    }
    this.app.update();
  }

  async createKey(event) {
    event.preventDefault();
    const form = event.target;
    this.keysError = null;
    try {
      const created = await api('/api/identity/api-keys', { method: 'POST', body: { name: form.elements.name.value.trim() } });
      this.newKey = { name: created.name, key: created.key };
      form.reset();
      await this.loadKeys();
    } catch (error) {
      this.keysError = error;
      this.app.update();
    }
  }

  async revokeKey(key) {
    if (!confirm(`Revoke the API key “${key.name}”? Clients using it stop working.`)) return;
    try {
      await api(`/api/identity/api-keys/${encodeURIComponent(key.id)}/revoke`, { method: 'POST' });
      await this.loadKeys();
    } catch (error) {
      this.keysError = error;
      this.app.update();
    }
  }

  async createCredential(event) {
    event.preventDefault();
    const f = event.target.elements;
    this.credentialsError = null;
    try {
      await api('/api/identity/credentials', { method: 'POST',
        body: { provider: f.provider.value.trim(), name: f.name.value.trim(), apiKey: f.apiKey.value } });
      event.target.reset();
      await this.loadCredentials();
    } catch (error) {
      this.credentialsError = error;
      this.app.update();
    }
  }

  async deleteCredential(credential) {
    if (!confirm(`Delete the credential “${credential.name}”?`)) return;
    try {
      await api(`/api/identity/credentials/${encodeURIComponent(credential.id)}`, { method: 'DELETE' });
      await this.loadCredentials();
    } catch (error) {
      this.credentialsError = error;
      this.app.update();
    }
  }

  view() {
    return html`
      <h1>Settings</h1>
      <section class="card">
        <h2>API keys</h2>
        ${this.newKey ? html`<div class="once" role="alert">
          <p><strong>Copy the key “${this.newKey.name}” now: it is shown only this once.</strong></p>
          <code class="secret">${this.newKey.key}</code>
          <button @click=${() => { this.newKey = null; this.app.update(); }}>I have stored it</button></div>` : nothing}
        ${problem(this.keysError)}
        <form class="inline" @submit=${(e) => this.createKey(e)}>
          <label>Name <input name="name" required maxlength="100"></label>
          <button class="primary" type="submit">Create key</button>
        </form>
        ${this.keys === null ? spinner() : html`<div class="table-wrap"><table>
          <thead><tr><th>Name</th><th>Prefix</th><th>Created</th><th>Last used</th><th>State</th><th></th></tr></thead>
          <tbody>${this.keys.map((k) => html`<tr><td>${k.name}</td><td><code>${k.keyPrefix}</code></td>
            <td>${formatTime(k.createdAt)}</td><td>${formatTime(k.lastUsedAt) || 'never'}</td>
            <td>${k.revokedAt ? 'revoked' : 'active'}</td>
            <td>${k.revokedAt ? nothing : html`<button class="danger" @click=${() => this.revokeKey(k)}>Revoke</button>`}</td></tr>`)}</tbody>
        </table></div>`}
      </section>
      <section class="card">
        <h2>Provider credentials</h2>
        <p class="muted">Write-only: the secret is encrypted in the vault and never shown again.</p>
        ${problem(this.credentialsError)}
        <form class="inline" @submit=${(e) => this.createCredential(e)}>
          <label>Provider <input name="provider" required placeholder="openai"></label>
          <label>Name <input name="name" required maxlength="100"></label>
          <label>Secret <input name="apiKey" type="password" required autocomplete="off"></label>
          <button class="primary" type="submit">Store</button>
        </form>
        ${this.credentials === null ? spinner() : html`<div class="table-wrap"><table>
          <thead><tr><th>Provider</th><th>Name</th><th>Prefix</th><th>Org-wide</th><th>Last used</th><th></th></tr></thead>
          <tbody>${this.credentials.map((c) => html`<tr><td>${c.provider}</td><td>${c.name}</td><td><code>${c.credentialPrefix}</code></td>
            <td>${c.isOrgWide ? 'yes' : 'no'}</td><td>${formatTime(c.lastUsedAt) || 'never'}</td>
            <td><button class="danger" @click=${() => this.deleteCredential(c)}>Delete</button></td></tr>`)}</tbody>
        </table></div>`}
      </section>
      ${this.orgId ? html`${this.membersView()}${this.auditView()}` : html`<section class="card"><h2>Members, roles and audit log</h2>
        <p class="muted">This session names no organization.</p></section>`}`;
  }
}
