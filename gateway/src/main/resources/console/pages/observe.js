// Observe: log search (and live tail), traces (list and waterfall), the network topology.
// Bar positions are set on the element through the CSSOM (lit-html's ref directive): a style attribute, which
// styleMap writes on its first render, is inline style that the style-src 'self' policy refuses.
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { ref } from '../vendor/lit-html/directives/ref.js';
import { api } from '../api.js';
import { problem, spinner, unavailable, notAvailable, formatTime } from '../ui.js';

/** A ref callback that sets CSS properties through the CSSOM. */
const css = (properties) => (element) => {
  if (element) Object.entries(properties).forEach(([name, value]) => element.style.setProperty(name, value));
};

const TABS = [['logs', 'Logs'], ['traces', 'Traces'], ['topology', 'Topology']];
const LEVELS = ['', 'debug', 'info', 'warn', 'error', 'fatal'];

export class Observe {
  constructor(app) {
    this.app = app;
    this.title = 'Observe';
    this.tab = 'logs';
    this.logs = { rows: null, error: null, busy: false, query: { search: '', minLevel: '', services: '' }, nextCursor: null };
    this.traces = { rows: null, error: null };
    this.trace = { id: null, data: null, error: null };
    this.topology = { data: null, error: null };
    this.tail = null;
  }

  enter(path) {
    const [, , tab = 'logs', id] = path.split('/');
    this.tab = TABS.some(([t]) => t === tab) ? tab : 'logs';
    if (this.tab !== 'logs') this.stopTail();
    if (this.tab === 'logs' && this.logs.rows === null) this.searchLogs();
    if (this.tab === 'traces') {
      if (id && id !== this.trace.id) this.openTrace(id);
      if (!id) this.trace = { id: null, data: null, error: null };
      if (this.traces.rows === null) this.loadTraces();
    }
    if (this.tab === 'topology') this.loadTopology();
  }

  dispose() { this.stopTail(); }

  async searchLogs(event, more = false) {
    event?.preventDefault();
    if (event?.target?.elements) {
      const f = event.target.elements;
      this.logs.query = { search: f.search.value.trim(), minLevel: f.minLevel.value, services: f.services.value.trim() };
    }
    const q = this.logs.query;
    const body = { limit: 100 };
    if (q.search) body.search = q.search;
    if (q.minLevel) body.minLevel = q.minLevel;
    if (q.services) body.services = q.services.split(',').map((s) => s.trim()).filter(Boolean);
    if (more && this.logs.nextCursor) body.cursor = this.logs.nextCursor;
    this.logs.busy = true;
    this.logs.error = null;
    this.app.update();
    try {
      const page = await api('/api/logging/logs/query', { method: 'POST', body });
      this.logs.rows = more ? (this.logs.rows || []).concat(page.data || []) : (page.data || []);
      this.logs.nextCursor = page.nextCursor || null;
    } catch (error) {
      this.logs.error = error;
      this.logs.rows = this.logs.rows || [];
    }
    this.logs.busy = false;
    this.app.update();
  }

  toggleTail() {
    if (this.tail) { this.stopTail(); this.app.update(); return; }
    const q = this.logs.query;
    const params = new URLSearchParams();
    if (q.search) params.set('search', q.search);
    if (q.minLevel) params.set('level', q.minLevel);
    if (q.services) params.set('services', q.services);
    this.tail = new EventSource(`/api/logging/logs/stream?${params}`);
    this.tail.addEventListener('logs', (event) => {
      try {
        const entries = JSON.parse(event.data);
        this.logs.rows = entries.slice().reverse().concat(this.logs.rows || []).slice(0, 500);
        this.app.update();
      } catch { /* ignore */ }
    });
    this.tail.addEventListener('error', () => { if (this.tail?.readyState === EventSource.CLOSED) { this.tail = null; this.app.update(); } });
    this.app.update();
  }

  stopTail() {
    this.tail?.close();
    this.tail = null;
  }

  async loadTraces() {
    this.traces.error = null;
    try {
      const page = await api('/api/logging/traces?limit=50');
      this.traces.rows = page.data || [];
    } catch (error) {
      this.traces.error = error;
      this.traces.rows = [];
    }
    this.app.update();
  }

  async openTrace(id) {
    this.trace = { id, data: null, error: null };
    this.app.update();
    try {
      this.trace.data = await api(`/api/logging/traces/${encodeURIComponent(id)}`);
    } catch (error) {
      this.trace.error = error;
    }
    this.app.update();
  }

  async loadTopology() {
    this.topology.error = null;
    try {
      this.topology.data = await api('/api/network/sdn/topology');
    } catch (error) {
      this.topology.error = error;
    }
    this.app.update();
  }

  logsView() {
    const l = this.logs;
    if (l.error && unavailable(l.error)) return notAvailable('Log search', 'The logging service is not reachable.');
    return html`
      <form class="filters" @submit=${(e) => this.searchLogs(e)} role="search">
        <label>Search <input name="search" .value=${l.query.search} placeholder="words in the message"></label>
        <label>Level at least <select name="minLevel">${LEVELS.map((v) => html`<option value=${v} ?selected=${v === l.query.minLevel}>${v || 'any'}</option>`)}</select></label>
        <label>Services <input name="services" .value=${l.query.services} placeholder="messaging, identity"></label>
        <button class="primary" type="submit" ?disabled=${l.busy}>Search</button>
        <button type="button" @click=${() => this.toggleTail()} aria-pressed=${this.tail ? 'true' : 'false'}>${this.tail ? 'Stop live tail' : 'Live tail'}</button>
      </form>
      ${problem(l.error)}
      ${l.rows === null || (l.busy && !l.rows.length) ? spinner('Searching…') : html`
        <div class="table-wrap"><table class="logs">
          <thead><tr><th>Time</th><th>Level</th><th>Service</th><th>Message</th><th>Trace</th></tr></thead>
          <tbody>${l.rows.map((r) => html`<tr class="level-${r.level}">
            <td>${formatTime(r.timestamp)}</td><td>${r.level}</td><td>${r.service || ''}</td><td class="message">${r.message}</td>
            <td>${r.traceId ? html`<a href="/observe/traces/${r.traceId}" data-nav>open</a>` : ''}</td></tr>`)}</tbody>
        </table></div>
        ${l.rows.length === 0 ? html`<p class="muted">No log entries match.</p>` : nothing}
        ${l.nextCursor ? html`<button @click=${() => this.searchLogs(null, true)} ?disabled=${l.busy}>More</button>` : nothing}`}`;
  }

  tracesView() {
    if (this.trace.id) return this.waterfall();
    const t = this.traces;
    if (t.error && unavailable(t.error)) return notAvailable('Traces', 'The logging service is not reachable.');
    return html`${problem(t.error)}
      ${t.rows === null ? spinner() : html`
        <div class="table-wrap"><table>
          <thead><tr><th>Started</th><th>Root span</th><th>Services</th><th>Duration</th><th>Spans</th><th>Status</th></tr></thead>
          <tbody>${t.rows.map((r) => html`<tr>
            <td>${formatTime(r.startTime)}</td>
            <td><a href="/observe/traces/${r.traceId}" data-nav>${r.name || r.traceId}</a></td>
            <td>${(r.services || []).join(', ')}</td><td>${r.durationMs != null ? `${r.durationMs.toFixed(1)} ms` : ''}</td>
            <td>${r.spanCount}</td><td class="status-${r.status}">${r.status}</td></tr>`)}</tbody>
        </table></div>
        ${t.rows.length === 0 ? html`<p class="muted">No traces yet.</p>` : nothing}`}`;
  }

  waterfall() {
    const { id, data, error } = this.trace;
    const back = html`<p><a href="/observe/traces" data-nav>← All traces</a></p>`;
    if (error) return html`${back}${problem(error)}`;
    if (!data) return html`${back}${spinner('Loading the trace…')}`;
    const start = Date.parse(data.startTime);
    const total = Math.max(data.durationMs || 0, 0.001);
    const rows = [];
    const walk = (span, depth) => {
      rows.push({ span, depth });
      (span.children || []).forEach((child) => walk(child, depth + 1));
    };
    (data.spans || data.roots || []).forEach((root) => walk(root, 0));
    return html`${back}
      <h2 class="trace-title">${data.name} <small>${id}</small></h2>
      <p class="muted">${data.spanCount} spans · ${(data.services || []).join(', ')} · ${total.toFixed(1)} ms · ${data.status}</p>
      <ol class="waterfall" aria-label="Spans">${rows.map(({ span, depth }) => {
        const offset = ((Date.parse(span.startTime) - start) / total) * 100;
        const width = Math.max(((span.durationMs || 0) / total) * 100, 0.5);
        return html`<li class="span status-${span.status}">
          <span class="span-name" ${ref(css({ 'padding-inline-start': `${depth * 1.2}em` }))}>${span.serviceName}: ${span.name}</span>
          <span class="span-track"><span class="span-bar" ${ref(css({ 'margin-inline-start': `${Math.min(offset, 99.5)}%`, width: `${Math.min(width, 100)}%` }))}></span></span>
          <span class="span-ms">${(span.durationMs ?? 0).toFixed(1)} ms</span></li>`;
      })}</ol>`;
  }

  topologyView() {
    const { data, error } = this.topology;
    if (error && unavailable(error)) return notAvailable('Topology', 'The network service is not reachable.');
    if (error) return problem(error);
    if (!data) return spinner();
    const nodes = data.nodes || [];
    const name = (id) => nodes.find((n) => n.id === id)?.name || id;
    return html`
      <h2>Nodes <small>${nodes.length}</small></h2>
      <div class="table-wrap"><table>
        <thead><tr><th>Name</th><th>Type</th><th>Status</th><th>Capabilities</th><th>Last heartbeat</th></tr></thead>
        <tbody>${nodes.map((n) => html`<tr><td>${n.name}</td><td>${n.type}</td>
          <td class="status-${n.connected ? 'ok' : 'off'}">${n.status}${n.connected ? ' (connected)' : ''}</td>
          <td>${(n.capabilities || []).join(', ')}</td><td>${formatTime(n.lastHeartbeat)}</td></tr>`)}</tbody>
      </table></div>
      <h2>Contracts <small>${(data.contracts || []).length}</small></h2>
      <ul class="contracts">${(data.contracts || []).map((c) => html`<li><strong>${name(c.from)}</strong> → <strong>${name(c.to)}</strong>
        <span class="muted">${(c.allowedEventTypes || []).join(', ') || 'any event'}</span></li>`)}</ul>
      <p class="muted">Drawn as a list; a graph rendering is not built yet.</p>`;
  }

  view() {
    return html`
      <h1>Observe</h1>
      <nav class="tabs" aria-label="Observe">
        ${TABS.map(([t, label]) => html`<a href="/observe/${t}" data-nav aria-current=${this.tab === t ? 'page' : 'false'}>${label}</a>`)}
      </nav>
      ${this.tab === 'logs' ? this.logsView() : this.tab === 'traces' ? this.tracesView() : this.topologyView()}`;
  }
}
