// Observe: log search (and live tail), traces (list and waterfall), charts of usage, latency and errors over
// time (uPlot), the network topology as a graph (ECharts).
// Bar positions are set on the element through the CSSOM (lit-html's ref directive): a style attribute, which
// styleMap writes on its first render, is inline style that the style-src 'self' policy refuses.
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { ref } from '../vendor/lit-html/directives/ref.js';
import { api } from '../api.js';
import { graph, timeSeries, buckets } from '../diagram.js';
import { problem, spinner, unavailable, notAvailable, formatTime } from '../ui.js';

/** A ref callback that sets CSS properties through the CSSOM. */
const css = (properties) => (element) => {
  if (element) Object.entries(properties).forEach(([name, value]) => element.style.setProperty(name, value));
};

const TABS = [['logs', 'Logs'], ['traces', 'Traces'], ['charts', 'Charts'], ['topology', 'Topology']];
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
    this.charts = { usage: null, usageError: null, traces: null, tracesError: null };
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
    if (this.tab === 'charts') this.loadCharts();
  }

  /** Usage per day (integrations) and the latest traces' latency and errors (logging), each on its own. */
  async loadCharts() {
    const c = this.charts;
    const usage = api('/api/integrations/usage?groupBy=day').then((u) => { c.usage = u.rows || []; c.usageError = null; },
      (error) => { c.usageError = error; c.usage = []; });
    const traces = api('/api/logging/traces?limit=500').then((t) => { c.traces = t.data || []; c.tracesError = null; },
      (error) => { c.tracesError = error; c.traces = []; });
    await Promise.all([usage, traces]);
    this.app.update();
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
    if (this.topology.drawn?.data !== data) {
      const ids = new Set(nodes.map((n) => n.id));
      const graphNodes = nodes.map((n) => ({ id: n.id, name: n.name, detail: `${n.type} · ${n.status}`,
        status: n.connected ? 'ok' : 'off' }));
      // A contract may name a wildcard or a node that has left: draw only the edges between known nodes.
      const links = (data.contracts || []).filter((c) => ids.has(c.from) && ids.has(c.to))
        .map((c) => ({ source: c.from, target: c.to, label: (c.allowedEventTypes || []).slice(0, 2).join(', ') }));
      this.topology.drawn = { data, links, draw: graph(graphNodes, links) };
    }
    return html`
      <div class="diagram topology-graph" role="img" aria-label=${`Network: ${nodes.length} nodes, ${this.topology.drawn.links.length} contracts`}
        ${ref(this.topology.drawn.draw)}></div>
      <p class="muted">Green: connected; grey: not connected. Arrows are contracts (who may send to whom). Drag to pan, scroll to zoom.</p>
      <h2>Nodes <small>${nodes.length}</small></h2>
      <div class="table-wrap"><table>
        <thead><tr><th>Name</th><th>Type</th><th>Status</th><th>Capabilities</th><th>Last heartbeat</th></tr></thead>
        <tbody>${nodes.map((n) => html`<tr><td>${n.name}</td><td>${n.type}</td>
          <td class="status-${n.connected ? 'ok' : 'off'}">${n.status}${n.connected ? ' (connected)' : ''}</td>
          <td>${(n.capabilities || []).join(', ')}</td><td>${formatTime(n.lastHeartbeat)}</td></tr>`)}</tbody>
      </table></div>
      <h2>Contracts <small>${(data.contracts || []).length}</small></h2>
      <ul class="contracts">${(data.contracts || []).map((c) => html`<li><strong>${name(c.from)}</strong> → <strong>${name(c.to)}</strong>
        <span class="muted">${(c.allowedEventTypes || []).join(', ') || 'any event'}</span></li>`)}</ul>`;
  }

  chartsView() {
    const c = this.charts;
    if (c.usage === null && c.traces === null) return spinner('Loading charts…');
    const day = (key) => Date.parse(`${key}T00:00:00Z`) / 1000;
    const usage = (c.usage || []).filter((r) => !isNaN(day(r.key))).sort((a, b) => day(a.key) - day(b.key));
    const slots = buckets(c.traces || [], (t) => Date.parse(t.startTime), 12);
    const quantile = (values, q) => {
      if (values.length === 0) return null;
      const sorted = values.slice().sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    };
    const durations = (slot) => slot.rows.map((r) => r.durationMs).filter((v) => typeof v === 'number');
    const block = (title, error, service, empty, chart) => html`<section class="card chart-card"><h2>${title}</h2>
      ${error ? (unavailable(error) ? html`<p class="empty">${service} is not available.</p>` : problem(error))
        : empty ? html`<p class="muted">No data yet.</p>` : chart}</section>`;
    return html`<div class="charts">
      ${block('Usage per day', c.usageError, 'Usage (integrations)', usage.length === 0, html`<div class="chart" data-chart="usage"
        ${ref(timeSeries(usage.map((r) => day(r.key)), [{ label: 'Requests', values: usage.map((r) => r.requests) },
          { label: 'Tokens', values: usage.map((r) => r.totalTokens), colour: '--ok', right: true }]))}></div>`)}
      ${block('Latency (traces)', c.tracesError, 'Tracing (logging)', slots.length === 0, html`<div class="chart" data-chart="latency"
        ${ref(timeSeries(slots.map((s) => s.t), [{ label: 'p50 ms', values: slots.map((s) => quantile(durations(s), 0.5)) },
          { label: 'p95 ms', values: slots.map((s) => quantile(durations(s), 0.95)), colour: '--warn' }], { yLabel: 'ms' }))}></div>`)}
      ${block('Errors', c.tracesError, 'Tracing (logging)', slots.length === 0, html`<div class="chart" data-chart="errors"
        ${ref(timeSeries(slots.map((s) => s.t), [{ label: 'Traces with errors', values: slots.map((s) => s.rows.filter((r) => r.status === 'error').length), colour: '--danger' },
          { label: 'Traces', values: slots.map((s) => s.rows.length), colour: '--muted' }]))}></div>
        ${usage.some((r) => r.errors) ? html`<p class="muted">Provider errors: ${usage.map((r) => `${r.key}: ${r.errors}`).join(', ')}</p>` : nothing}`)}
    </div>`;
  }

  view() {
    return html`
      <h1>Observe</h1>
      <nav class="tabs" aria-label="Observe">
        ${TABS.map(([t, label]) => html`<a href="/observe/${t}" data-nav aria-current=${this.tab === t ? 'page' : 'false'}>${label}</a>`)}
      </nav>
      ${this.tab === 'logs' ? this.logsView() : this.tab === 'traces' ? this.tracesView()
        : this.tab === 'charts' ? this.chartsView() : this.topologyView()}`;
  }
}
