// Catalog: browse resources by type, full-text search, a resource's versions (newest first) with any two side by
// side (lines that differ are marked), and publishing the working copy as a new version with a changelog.
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
    this.compare = null; // [left version number, right version number]
    this.publishing = false;
    this.publishError = null;
    this.published = null;
    this.load();
  }

  async publish(event) {
    event.preventDefault();
    const changelog = event.target.elements.changelog.value.trim();
    this.publishing = true;
    this.publishError = null;
    this.app.update();
    try {
      const version = await api(`/api/catalog/resources/${encodeURIComponent(this.selected.id)}/publish`, { method: 'POST',
        body: changelog ? { changelog } : {} });
      this.published = version?.version;
      event.target.reset();
      this.selected = await api(`/api/catalog/resources/${encodeURIComponent(this.selected.id)}`).catch(() => this.selected);
      await this.select(this.selected, false);
    } catch (error) {
      this.publishError = error;
    }
    this.publishing = false;
    this.app.update();
  }

  setCompare(side, event) {
    this.compare[side] = Number(event.target.value);
    this.app.update();
  }

  /** Two versions' content, line by line, with the lines that differ marked. */
  sideBySide() {
    const byNumber = (n) => this.versions.find((v) => v.version === n);
    const [left, right] = this.compare.map(byNumber);
    if (!left || !right) return nothing;
    const lines = (v) => JSON.stringify(v.content, null, 2).split('\n');
    const a = lines(left);
    const b = lines(right);
    const rows = Math.max(a.length, b.length);
    const picker = (side) => html`<select aria-label=${side === 0 ? 'Left version' : 'Right version'} @change=${(e) => this.setCompare(side, e)}>
      ${this.versions.map((v) => html`<option value=${v.version} ?selected=${v.version === this.compare[side]}>v${v.version}</option>`)}</select>`;
    const column = (mine, other) => html`<div class="diff" role="group">${Array.from({ length: rows }, (_, i) =>
      html`<div class=${mine[i] === other[i] ? 'same' : 'changed'}>${mine[i] ?? ' '}</div>`)}</div>`;
    return html`<div class="side-by-side" aria-label="Versions side by side">
      <div><h3>${picker(0)} <small>${formatTime(left.publishedAt)}</small></h3>${left.changelog ? html`<p>${left.changelog}</p>` : nothing}${column(a, b)}</div>
      <div><h3>${picker(1)} <small>${formatTime(right.publishedAt)}</small></h3>${right.changelog ? html`<p>${right.changelog}</p>` : nothing}${column(b, a)}</div>
    </div>`;
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

  async select(resource, clear = true) {
    this.selected = resource;
    this.versions = null;
    this.versionsError = null;
    if (clear) { this.published = null; this.publishError = null; }
    this.app.update();
    try {
      this.versions = await api(`/api/catalog/resources/${encodeURIComponent(resource.id)}/versions`);
      // Newest first: compare the previous version (left) with the newest (right).
      this.compare = this.versions.length ? [this.versions[Math.min(1, this.versions.length - 1)].version, this.versions[0].version] : null;
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
      <form class="inline publish" @submit=${(e) => this.publish(e)}>
        <label class="grow">Changelog <input name="changelog" maxlength="10000" placeholder="What changed in this version"></label>
        <button class="primary" type="submit" ?disabled=${this.publishing}>${this.publishing ? 'Publishing…' : 'Publish new version'}</button>
      </form>
      ${this.published ? html`<p class="once" role="status">Published version ${this.published}.</p>` : nothing}
      ${problem(this.publishError)}
      ${problem(this.versionsError)}
      ${this.versions === null ? spinner() : this.versions.length === 0 ? html`<p class="muted">Not published yet.</p>` : html`
        ${this.versions.length > 1 ? this.sideBySide() : nothing}
        <h3>All versions</h3>
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
`;
  }
}
