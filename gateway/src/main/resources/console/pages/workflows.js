// Workflows: the runtime's loaded graphs (/api/runtime/graphs) drawn as diagrams (nodes placed by the
// topology's levels), their executions with start / pause / resume / stop, a value injected at a node's port,
// and the execution's live events (SSE /api/runtime/executions/{id}/events: execution:*, port:emit,
// metrics:update) as a port-event log and metrics.
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { ref } from '../vendor/lit-html/directives/ref.js';
import { api } from '../api.js';
import { graph } from '../diagram.js';
import { problem, spinner, unavailable, notAvailable, formatTime } from '../ui.js';

const RT = '/api/runtime';
const EVENTS = ['execution:state', 'execution:started', 'execution:paused', 'execution:resumed', 'execution:completed',
  'execution:failed', 'port:emit', 'metrics:update'];
const METRICS = [['messagesProcessed', 'Processed'], ['messagesEmitted', 'Emitted'], ['nodeInvocations', 'Invocations'],
  ['avgLatencyMs', 'Avg latency (ms)'], ['maxLatencyMs', 'Max latency (ms)'], ['errorCount', 'Errors'], ['queued', 'Queued'],
  ['backpressureEvents', 'Backpressure']];

/** Diagram nodes placed by level (left to right), spread vertically within a level. */
export function layout(detail) {
  const levels = detail.topology?.levels || {};
  const rows = {};
  return (detail.nodes || []).map((n) => {
    const level = levels[n.id] ?? 0;
    const row = rows[level] = (rows[level] ?? -1) + 1;
    return { id: n.id, name: n.id, detail: n.component, x: level * 180, y: row * 110,
      status: (detail.topology?.inputNodes || []).includes(n.id) ? 'ok' : undefined };
  });
}

export class Workflows {
  constructor(app) {
    this.app = app;
    this.title = 'Workflows';
    this.graphs = null;
    this.error = null;
    this.graphId = null;
    this.detail = null;
    this.executions = [];
    this.execution = null; // {id, state, metrics}
    this.events = [];
    this.stream = null;
    this.busy = false;
    this.actionError = null;
    this.injected = null;
    this.load();
  }

  enter(path) {
    const id = path.split('/')[2] || null;
    if (id && id !== this.graphId) this.open(decodeURIComponent(id));
    if (!id) { this.graphId = null; this.detail = null; this.close(); }
  }

  dispose() { this.close(); }

  close() {
    this.stream?.close();
    this.stream = null;
  }

  async load() {
    try {
      const [graphs, executions] = await Promise.all([api(`${RT}/graphs`), api(`${RT}/executions`)]);
      this.graphs = graphs.graphs || [];
      this.executions = executions.executions || [];
      this.error = null;
    } catch (error) {
      this.error = error;
      this.graphs = [];
    }
    this.app.update();
  }

  async open(id) {
    this.close();
    this.graphId = id;
    this.detail = null;
    this.execution = null;
    this.events = [];
    this.injected = null;
    this.actionError = null;
    this.app.update();
    try {
      this.detail = await api(`${RT}/graphs/${encodeURIComponent(id)}`);
      const live = this.executions.find((e) => e.graphId === id && ['running', 'paused'].includes(e.state));
      if (live) this.watch(live.id, live.state);
    } catch (error) {
      this.actionError = error;
    }
    this.app.update();
  }

  watch(executionId, state) {
    this.close();
    this.execution = { id: executionId, state, metrics: null };
    this.stream = new EventSource(`${RT}/executions/${encodeURIComponent(executionId)}/events`);
    EVENTS.forEach((name) => this.stream.addEventListener(name, (event) => {
      let data;
      try { data = JSON.parse(event.data); } catch { return; }
      if (data.state) this.execution.state = data.state;
      if (data.metrics) this.execution.metrics = data.metrics;
      if (name === 'port:emit') {
        this.events = [data, ...this.events].slice(0, 200);
      } else if (name !== 'metrics:update') {
        this.events = [{ kind: name, state: data.state, timestamp: new Date().toISOString() }, ...this.events].slice(0, 200);
      }
      if (name === 'execution:completed' || name === 'execution:failed') this.close();
      this.app.update();
    }));
    this.stream.addEventListener('error', () => {
      if (this.stream?.readyState === EventSource.CLOSED) { this.stream = null; this.app.update(); }
    });
  }

  async act(action) {
    this.busy = true;
    this.actionError = null;
    this.app.update();
    try {
      if (action === 'start') {
        const started = await api(`${RT}/graphs/${encodeURIComponent(this.graphId)}/execute`, { method: 'POST' });
        this.watch(started.executionId, started.state);
        this.events = [];
      } else {
        const answer = await api(`${RT}/executions/${encodeURIComponent(this.execution.id)}/${action}`, { method: 'POST' });
        this.execution.state = answer.state;
        if (action === 'stop') this.close();
      }
      api(`${RT}/executions`).then((b) => { this.executions = b.executions || []; }).catch(() => {});
    } catch (error) {
      this.actionError = error;
    }
    this.busy = false;
    this.app.update();
  }

  async inject(event) {
    event.preventDefault();
    const f = event.target.elements;
    let value;
    try {
      value = f.value.value.trim() === '' ? null : JSON.parse(f.value.value);
    } catch {
      value = f.value.value; // not JSON: sent as a string
    }
    this.busy = true;
    this.actionError = null;
    this.app.update();
    try {
      this.injected = await api(`${RT}/executions/${encodeURIComponent(this.execution.id)}/inject`, { method: 'POST',
        body: { nodeId: f.nodeId.value, port: f.port.value.trim() || 'in', value } });
    } catch (error) {
      this.actionError = error;
    }
    this.busy = false;
    this.app.update();
  }

  controls() {
    const state = this.execution?.state;
    const running = state === 'running';
    const paused = state === 'paused';
    return html`<div class="controls" role="toolbar" aria-label="Execution">
      <span class="badge exec-state" data-state=${state || 'none'}>${state || 'not running'}</span>
      <button class="primary" ?disabled=${this.busy || running || paused} @click=${() => this.act('start')}>Start</button>
      <button ?disabled=${this.busy || !running} @click=${() => this.act('pause')}>Pause</button>
      <button ?disabled=${this.busy || !paused} @click=${() => this.act('resume')}>Resume</button>
      <button class="danger" ?disabled=${this.busy || !(running || paused)} @click=${() => this.act('stop')}>Stop</button>
      ${this.stream ? html`<span class="live live" role="status">Live</span>` : nothing}
    </div>`;
  }

  injectForm() {
    const d = this.detail;
    const inputs = d.topology?.inputNodes?.length ? d.topology.inputNodes : (d.nodes || []).map((n) => n.id);
    const live = ['running', 'paused'].includes(this.execution?.state);
    return html`<form class="inline inject" @submit=${(e) => this.inject(e)}>
      <label>Node <select name="nodeId">${inputs.map((id) => html`<option>${id}</option>`)}</select></label>
      <label>Port <input name="port" value="in" size="8"></label>
      <label class="grow">Value (JSON, or text) <input name="value" placeholder='{"text":"hello"}'></label>
      <button class="primary" type="submit" ?disabled=${this.busy || !live}>Inject</button>
    </form>
    ${this.injected ? html`<details open class="inject-result"><summary>${this.injected.queued ? `Queued at position ${this.injected.position}` : `Outputs after ${this.injected.hops} hops`}</summary>
      <pre>${JSON.stringify(this.injected.outputs ?? {}, null, 2)}</pre></details>` : nothing}`;
  }

  metricsView() {
    const m = this.execution?.metrics;
    if (!m) return html`<p class="muted">Metrics appear once an execution runs.</p>`;
    return html`<dl class="metrics">${METRICS.map(([key, label]) => html`<div><dt>${label}</dt><dd data-metric=${key}>${m[key] ?? 0}</dd></div>`)}</dl>`;
  }

  eventsView() {
    if (this.events.length === 0) return html`<p class="muted">No events yet.</p>`;
    return html`<div class="table-wrap"><table class="port-events">
      <thead><tr><th>Time</th><th>Event</th><th>Value</th></tr></thead>
      <tbody>${this.events.map((e) => html`<tr>
        <td>${formatTime(e.timestamp)}</td>
        <td>${e.kind ? html`<em>${e.kind}</em> ${e.state || ''}` : html`<code>${e.sourceNode}.${e.sourcePort}</code> → <code>${e.targetNode}.${e.targetPort}</code>`}</td>
        <td><code>${e.kind ? '' : JSON.stringify(e.value)}</code></td></tr>`)}</tbody>
    </table></div>`;
  }

  detailView() {
    const back = html`<p><a href="/workflows" data-nav>← All workflows</a></p>`;
    const d = this.detail;
    if (!d) return html`${back}${this.actionError ? problem(this.actionError) : spinner('Loading the graph…')}`;
    // One drawing per graph: the page re-renders on every live event, the diagram need not.
    if (this.drawn?.detail !== d) {
      const nodes = layout(d);
      const links = (d.edges || []).map((e) => ({ source: e.source?.node, target: e.target?.node,
        label: e.source?.port === 'out' && e.target?.port === 'in' ? '' : `${e.source?.port}→${e.target?.port}` }));
      this.drawn = { detail: d, nodes, links, draw: graph(nodes, links) };
    }
    const { nodes, links, draw } = this.drawn;
    return html`${back}
      <h2>${d.name} <small>${d.version || ''}</small></h2>
      ${d.description ? html`<p>${d.description}</p>` : nothing}
      <div class="diagram workflow-diagram" role="img" aria-label=${`Workflow ${d.name}: ${nodes.length} nodes, ${links.length} edges`} ${ref(draw)}></div>
      <p class="muted">Nodes: ${(d.topology?.sorted || []).join(' → ')}</p>
      ${this.controls()}
      ${problem(this.actionError)}
      <section class="card"><h3>Inject a value</h3>${this.injectForm()}</section>
      <div class="split even">
        <section class="card"><h3>Metrics</h3>${this.metricsView()}</section>
        <section class="card"><h3>Port events</h3>${this.eventsView()}</section>
      </div>`;
  }

  view() {
    if (this.error && unavailable(this.error)) {
      return html`<h1>Workflows</h1>${notAvailable('Workflows', 'runtime is not available: ' + this.error.detail)}`;
    }
    if (this.graphId) return html`<h1>Workflows</h1>${this.detailView()}`;
    return html`<h1>Workflows</h1>${problem(this.error)}
      ${this.graphs === null ? spinner() : this.graphs.length === 0 ? html`<p class="muted">No graphs are loaded. Load one with <code>POST /api/runtime/graphs</code> or from the catalog.</p>` : html`
        <div class="table-wrap"><table class="graphs">
          <thead><tr><th>Graph</th><th>Version</th><th>Nodes</th><th>Edges</th><th>Executions</th><th>Loaded</th></tr></thead>
          <tbody>${this.graphs.map((g) => html`<tr>
            <td><a href="/workflows/${encodeURIComponent(g.id)}" data-nav>${g.name}</a>${g.description ? html`<br><small>${g.description}</small>` : nothing}</td>
            <td>${g.version || ''}</td><td>${g.nodeCount}</td><td>${g.edgeCount}</td>
            <td>${this.executions.filter((e) => e.graphId === g.id).map((e) => e.state).join(', ')}</td>
            <td>${formatTime(g.loadedAt)}</td></tr>`)}</tbody>
        </table></div>`}`;
  }
}
