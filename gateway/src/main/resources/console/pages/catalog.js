// Catalog: browse resources by type, full-text search, and a resource's versions (newest first).
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { api } from '../api.js';
import { problem, spinner, unavailable, notAvailable, formatTime } from '../ui.js';

const TYPES = ['', 'assistant', 'component', 'graph', 'integration', 'context', 'app'];

export class Catalog {
  constructor(app) {
    this.app = app;
    this.title = 'Catalog';
    this.type = '';
    this.query = '';
    this.rows = null;
    this.error = null;
    this.selected = null;
    this.versions = null;
    this.versionsError = null;
    this.load();
  }

  async load(event) {
    event?.preventDefault();
    if (event?.target?.elements) {
      this.query = event.target.elements.query.value.trim();
      this.type = event.target.elements.type.value;
    }
    this.rows = null;
    this.error = null;
    this.app.update();
    try {
      if (this.query) {
        const body = { query: this.query, limit: 100 };
        if (this.type) body.type = this.type;
        this.rows = await api('/api/catalog/search', { method: 'POST', body });
      } else {
        const params = new URLSearchParams({ limit: 100 });
        if (this.type) params.set('type', this.type);
        this.rows = await api(`/api/catalog/resources?${params}`);
      }
    } catch (error) {
      this.error = error;
      this.rows = [];
    }
    this.app.update();
  }

  async select(resource) {
    this.selected = resource;
    this.versions = null;
    this.versionsError = null;
    this.app.update();
    try {
      this.versions = await api(`/api/catalog/resources/${encodeURIComponent(resource.id)}/versions`);
    } catch (error) {
      this.versionsError = error;
      this.versions = [];
    }
    this.app.update();
  }

  detail() {
    const r = this.selected;
    if (!r) return html`<p class="muted">Choose a resource to see its versions.</p>`;
    return html`
      <h2>${r.name} <small>${r.key}</small></h2>
      <p>${r.description || ''}</p>
      <p class="muted">${r.type} · ${r.status} · version ${r.currentVersion} · ${(r.tags || []).join(', ')}</p>
      ${problem(this.versionsError)}
      ${this.versions === null ? spinner() : this.versions.length === 0 ? html`<p class="muted">Not published yet.</p>` : html`
        <ol class="versions">${this.versions.map((v) => html`<li>
          <strong>v${v.version}</strong>${v.semver ? html` <code>${v.semver}</code>` : nothing} <span class="muted">${formatTime(v.publishedAt)}</span>
          ${v.changelog ? html`<p>${v.changelog}</p>` : nothing}
          <details><summary>Content</summary><pre>${JSON.stringify(v.content, null, 2)}</pre></details></li>`)}</ol>`}`;
  }

  view() {
    if (this.error && unavailable(this.error)) return html`<h1>Catalog</h1>${notAvailable('The catalog', 'The catalog service is not reachable.')}`;
    return html`
      <h1>Catalog</h1>
      <form class="filters" role="search" @submit=${(e) => this.load(e)}>
        <label>Search <input name="query" .value=${this.query} placeholder="name, key, description"></label>
        <label>Type <select name="type">${TYPES.map((t) => html`<option value=${t} ?selected=${t === this.type}>${t || 'any'}</option>`)}</select></label>
        <button class="primary" type="submit">Search</button>
      </form>
      ${problem(this.error)}
      <div class="split">
        <div>${this.rows === null ? spinner() : html`
          <ul class="resources">${this.rows.map((r) => html`<li>
            <button class="resource ${this.selected?.id === r.id ? 'selected' : ''}" @click=${() => this.select(r)}>
              <strong>${r.name}</strong> <span class="badge">${r.type}</span><small>${r.key}</small></button></li>`)}</ul>
          ${this.rows.length === 0 ? html`<p class="muted">No resources match.</p>` : nothing}`}</div>
        <div class="detail">${this.detail()}</div>
      </div>
      <p class="muted">Publishing and side-by-side version comparison are not in the console yet (use the API).</p>`;
  }
}
