// Settings: API keys (the key is shown once, right after creation, and never kept) and vault credentials
// (write-only: the secret goes in, only its prefix comes back).
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { api } from '../api.js';
import { problem, spinner, formatTime } from '../ui.js';

export class Settings {
  constructor(app) {
    this.app = app;
    this.title = 'Settings';
    this.keys = null;
    this.keysError = null;
    this.newKey = null;
    this.credentials = null;
    this.credentialsError = null;
    this.loadKeys();
    this.loadCredentials();
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
      <section class="card">
        <h2>Members, roles and audit log</h2>
        <p class="muted">Not in the console yet: identity serves them (<code>/api/identity/orgs</code>, <code>/api/identity/audit</code>).</p>
      </section>`;
  }
}
