// Deployments: secure deploys through integrations (/api/integrations/deployments). A form starts one
// (image or artifact, severity gate, optional JFrog pipeline, Railway target); a deployment's page follows its
// SSE stream (event "deployment": the whole deployment at each change) as a timeline scan → gate → pipeline →
// deploy → status, lists the gate's Xray findings, and shows Railway's status and logs through the railway
// connector (POST /api/integrations/connectors/railway/{status|logs}).
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { api } from '../api.js';
import { problem, spinner, unavailable, notAvailable, formatTime } from '../ui.js';

const BASE = '/api/integrations/deployments';
const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Information', 'Unknown'];
/** The timeline's stages and the runner's step names in each. */
const STAGES = [
  ['scan', 'Scan', ['xray.scan', 'xray.summary']],
  ['gate', 'Gate', ['gate']],
  ['pipeline', 'Pipeline', ['pipeline']],
  ['deploy', 'Deploy', ['railway.deploy']],
  ['status', 'Status', ['railway.watch']],
];

/** A stage's status from its steps: failed/blocked wins, then running, then all finished. */
function stageStatus(steps, deployment) {
  if (steps.length === 0) return deployment.status === 'running' ? 'waiting' : 'not run';
  const statuses = steps.map((s) => s.status);
  for (const bad of ['failed', 'blocked', 'cancelled']) if (statuses.includes(bad)) return bad;
  if (statuses.includes('running')) return 'running';
  if (statuses.every((s) => s === 'skipped')) return 'skipped';
  return 'succeeded';
}

export class Deployments {
  constructor(app) {
    this.app = app;
    this.title = 'Deployments';
    this.list = null;
    this.listError = null;
    this.id = null;
    this.current = null;
    this.currentError = null;
    this.stream = null;
    this.starting = false;
    this.startError = null;
    this.source = 'image';
    this.railway = { status: null, logs: null, error: null, busy: false };
    this.loadList();
  }

  enter(path) {
    const id = path.split('/')[2] || null;
    if (id === this.id) return;
    this.close();
    this.id = id;
    this.current = null;
    this.currentError = null;
    this.railway = { status: null, logs: null, error: null, busy: false };
    this.railwayAsked = (this.railwayAsked || 0) + 1; // drops answers still on their way for the previous one
    if (id) this.follow(id);
  }

  dispose() { this.close(); }

  close() {
    this.stream?.close();
    this.stream = null;
    clearTimeout(this.poll);
  }

  async loadList() {
    try {
      this.list = (await api(`${BASE}?limit=50`)).deployments || [];
      this.listError = null;
    } catch (error) {
      this.listError = error;
      this.list = [];
    }
    this.app.update();
  }

  follow(id) {
    this.stream = new EventSource(`${BASE}/${encodeURIComponent(id)}/events`);
    this.stream.addEventListener('deployment', (event) => {
      try { this.current = JSON.parse(event.data); } catch { return; }
      const finished = this.current.status !== 'running';
      if (finished) {
        this.stream?.close();
        this.stream = null;
        this.loadList();
      }
      // Once when Railway's id appears, and again at the end: otherwise the last poll's status (e.g. BUILDING) stays.
      if (this.current.railwayDeploymentId && (finished || (this.railway.status === null && !this.railway.busy))) this.loadRailway();
      this.app.update();
    });
    this.stream.addEventListener('error', async () => {
      if (!this.stream || this.stream.readyState !== EventSource.CLOSED) return;
      this.stream = null;
      // The stream could not open (404 for another org's id, 503 when integrations is down): say why.
      try {
        this.current = await api(`${BASE}/${encodeURIComponent(id)}`);
      } catch (error) {
        this.currentError = error;
      }
      this.app.update();
    });
  }

  async start(event) {
    event.preventDefault();
    const f = event.target.elements;
    const body = { gate: { maxSeverity: f.maxSeverity.value },
      railway: { projectId: f.projectId.value.trim(), serviceId: f.serviceId.value.trim(), environmentId: f.environmentId.value.trim() } };
    if (this.source === 'image') body.image = f.image.value.trim();
    else body.artifact = { repo: f.repo.value.trim(), path: f.path.value.trim() };
    if (f.pipeline.value.trim()) body.pipeline = { name: f.pipeline.value.trim(), branch: f.branch.value.trim() || undefined };
    this.starting = true;
    this.startError = null;
    this.app.update();
    try {
      const started = await api(BASE, { method: 'POST', body });
      this.starting = false;
      this.loadList();
      this.app.navigate(`/deployments/${started.id}`);
    } catch (error) {
      this.starting = false;
      this.startError = error;
      this.app.update();
    }
  }

  async cancel() {
    if (!confirm('Cancel this deployment? Railway is asked to cancel its deployment too.')) return;
    try {
      this.current = await api(`${BASE}/${encodeURIComponent(this.id)}`, { method: 'DELETE' });
    } catch (error) {
      this.currentError = error;
    }
    this.app.update();
  }

  /** Railway's status and latest logs; repeated every 5 s while the deployment runs. */
  async loadRailway() {
    const railwayId = this.current?.railwayDeploymentId;
    if (!railwayId) return;
    // Only the latest request's answer is shown: an earlier poll answering late must not bring back an old status.
    const asked = this.railwayAsked = (this.railwayAsked || 0) + 1;
    this.railway.busy = true;
    this.app.update();
    try {
      const [status, logs] = await Promise.all([
        api('/api/integrations/connectors/railway/status', { method: 'POST', body: { deploymentId: railwayId } }),
        api('/api/integrations/connectors/railway/logs', { method: 'POST', body: { deploymentId: railwayId, limit: 200 } }),
      ]);
      if (asked !== this.railwayAsked) return;
      this.railway.status = status.result;
      this.railway.logs = status && logs.result?.logs ? logs.result.logs : [];
      this.railway.error = null;
    } catch (error) {
      if (asked !== this.railwayAsked) return;
      this.railway.error = error;
    }
    this.railway.busy = false;
    this.app.update();
    clearTimeout(this.poll);
    if (this.current?.status === 'running' && this.id) this.poll = setTimeout(() => this.loadRailway(), 5000);
  }

  formView() {
    const image = this.source === 'image';
    return html`<section class="card">
      <h2>Start a secure deploy</h2>
      <p class="muted">Xray scans the artifact, the gate blocks findings at or above the severity you choose, an optional JFrog pipeline runs, then Railway deploys.</p>
      <form class="deploy-form" @submit=${(e) => this.start(e)}>
        <fieldset><legend>Artifact</legend>
          <div class="segmented" role="radiogroup" aria-label="Artifact source">
            <label><input type="radio" name="source" value="image" ?checked=${image} @change=${() => { this.source = 'image'; this.app.update(); }}> Docker image</label>
            <label><input type="radio" name="source" value="artifact" ?checked=${!image} @change=${() => { this.source = 'artifact'; this.app.update(); }}> Repository path</label>
          </div>
          ${image ? html`<label>Image <input name="image" required placeholder="docker://docker-local/app:1.0.0"
              pattern="docker://[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}/[a-z0-9._\\/\\-]{1,255}:[A-Za-z0-9._\\-]{1,128}"></label>`
            : html`<label>Repository <input name="repo" required placeholder="generic-local"></label>
              <label>Path <input name="path" required placeholder="app/app-1.0.0.jar"></label>`}
        </fieldset>
        <fieldset><legend>Gate</legend>
          <label>Block at severity <select name="maxSeverity">${SEVERITIES.map((s) => html`<option ?selected=${s === 'High'}>${s}</option>`)}</select></label>
        </fieldset>
        <fieldset><legend>JFrog pipeline (optional)</legend>
          <label>Pipeline <input name="pipeline" pattern="[A-Za-z0-9._\\-]{1,128}" placeholder="build_and_push"></label>
          <label>Branch <input name="branch" placeholder="main"></label>
        </fieldset>
        <fieldset><legend>Railway</legend>
          <label>Project id <input name="projectId" required pattern="[A-Za-z0-9\\-]{1,64}"></label>
          <label>Service id <input name="serviceId" required pattern="[A-Za-z0-9\\-]{1,64}"></label>
          <label>Environment id <input name="environmentId" required pattern="[A-Za-z0-9\\-]{1,64}"></label>
        </fieldset>
        ${problem(this.startError)}
        <div><button class="primary" type="submit" ?disabled=${this.starting}>${this.starting ? 'Starting…' : 'Start secure deploy'}</button></div>
      </form>
    </section>`;
  }

  listView() {
    if (this.list === null) return spinner();
    return html`<div class="table-wrap"><table class="deployments">
      <thead><tr><th>Started</th><th>Artifact</th><th>Status</th><th>Railway</th></tr></thead>
      <tbody>${this.list.map((d) => html`<tr>
        <td><a href="/deployments/${d.id}" data-nav>${formatTime(d.createdAt)}</a></td>
        <td><code>${d.request?.image || (d.request?.artifact ? `${d.request.artifact.repo}/${d.request.artifact.path}` : '')}</code></td>
        <td><span class="badge status-${d.status}">${d.status}</span></td><td><code>${d.railwayDeploymentId || ''}</code></td></tr>`)}</tbody>
    </table></div>${this.list.length === 0 ? html`<p class="muted">No deployments yet.</p>` : nothing}`;
  }

  timelineView(d) {
    const steps = d.steps || [];
    return html`<ol class="timeline" aria-label="Steps">${STAGES.map(([key, label, names]) => {
      const mine = steps.filter((s) => names.includes(s.name));
      const status = key === 'pipeline' && mine.length === 0 && !d.request?.pipeline ? 'skipped' : stageStatus(mine, d);
      const last = mine[mine.length - 1];
      const ms = mine.reduce((sum, s) => sum + (s.durationMs || 0), 0);
      return html`<li class="stage status-${status.replace(' ', '-')}" data-stage=${key} data-status=${status}>
        <span class="stage-dot" aria-hidden="true"></span>
        <strong>${label}</strong>
        <span class="badge">${status}</span>
        ${ms ? html`<small>${(ms / 1000).toFixed(1)} s</small>` : nothing}
        ${last?.error ? html`<p class="stage-error">${last.error}</p>` : nothing}
        ${last?.detail && !last.error ? html`<p class="muted">${Object.entries(last.detail).filter(([, v]) => typeof v !== 'object').map(([k, v]) => `${k}: ${v}`).join(' · ')}</p>` : nothing}
      </li>`;
    })}</ol>`;
  }

  findingsView(d) {
    const gate = (d.steps || []).find((s) => s.name === 'gate');
    if (!gate) return html`<p class="muted">The gate has not run yet.</p>`;
    const findings = Array.isArray(gate.findings) ? gate.findings : [];
    const counts = gate.detail?.issuesBySeverity || {};
    return html`
      <p class="muted">Gate at ${gate.detail?.maxSeverity || '?'}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'no issues'}.</p>
      ${findings.length === 0 ? html`<p>No findings at or above the gate.</p>` : html`<div class="table-wrap"><table class="findings">
        <thead><tr><th>Severity</th><th>Issue</th><th>CVEs</th><th>Components</th><th>Summary</th></tr></thead>
        <tbody>${findings.map((f) => html`<tr class="severity-${String(f.severity).toLowerCase()}">
          <td>${f.severity}</td><td><code>${f.id}</code></td><td>${(f.cves || []).join(', ')}</td>
          <td>${(f.components || []).join(', ')}</td><td>${f.summary}</td></tr>`)}</tbody>
      </table></div>`}`;
  }

  railwayView(d) {
    if (!d.railwayDeploymentId) {
      return html`<p class="muted">${d.status === 'running' ? 'Railway has not been asked to deploy yet.' : 'Railway was not asked to deploy.'}</p>`;
    }
    const r = this.railway;
    return html`
      <p>Railway deployment <code>${d.railwayDeploymentId}</code>
        ${r.status ? html` · <span class="badge railway-status">${r.status.status}</span>${r.status.url ? html` · <a href=${r.status.url.startsWith('http') ? r.status.url : `https://${r.status.url}`} rel="noopener noreferrer" target="_blank">${r.status.url}</a>` : nothing}` : nothing}
        <button ?disabled=${r.busy} @click=${() => this.loadRailway()}>${r.busy ? 'Loading…' : 'Refresh'}</button></p>
      ${r.error && unavailable(r.error) ? html`<p class="empty">Railway's status is not available: ${r.error.detail}</p>` : problem(r.error)}
      ${r.logs === null ? (r.busy ? spinner('Loading Railway logs…') : nothing) : html`
        <pre class="railway-logs" tabindex="0" aria-label="Railway logs">${r.logs.length === 0 ? 'No log lines yet.' : r.logs.map((l) => `${l.timestamp || ''} ${l.severity ? `[${l.severity}] ` : ''}${l.message}`).join('\n')}</pre>`}`;
  }

  detailView() {
    const back = html`<p><a href="/deployments" data-nav>← All deployments</a></p>`;
    if (this.currentError) {
      return html`${back}${unavailable(this.currentError) ? notAvailable('Deployments', 'The integrations service is not reachable.') : problem(this.currentError)}`;
    }
    const d = this.current;
    if (!d) return html`${back}${spinner('Connecting to the deployment…')}`;
    return html`${back}
      <h2 class="deployment-title">Deployment <code>${d.id}</code> <span class="badge status-${d.status}" data-status=${d.status}>${d.status}</span>
        ${this.stream ? html`<span class="live live" role="status">Live</span>` : nothing}</h2>
      <p class="muted">${d.request?.image || ''} · started ${formatTime(d.createdAt)}${d.finishedAt ? ` · finished ${formatTime(d.finishedAt)}` : ''}</p>
      ${d.error ? html`<div class="problem" role="alert"><strong>${d.status === 'blocked' ? 'Blocked by the gate' : 'Stopped'}</strong><span>${d.error}</span></div>` : nothing}
      ${d.status === 'running' ? html`<button class="danger" @click=${() => this.cancel()}>Cancel deployment</button>` : nothing}
      <section class="card"><h3>Steps</h3>${this.timelineView(d)}</section>
      <section class="card"><h3>Xray findings</h3>${this.findingsView(d)}</section>
      <section class="card"><h3>Railway</h3>${this.railwayView(d)}</section>`;
  }

  view() {
    if (this.listError && unavailable(this.listError) && !this.id) {
      return html`<h1>Deployments</h1>${notAvailable('Deployments', 'The integrations service is not reachable: ' + this.listError.detail)}`;
    }
    if (this.id) return html`<h1>Deployments</h1>${this.detailView()}`;
    return html`<h1>Deployments</h1>${this.formView()}${problem(this.listError)}
      <section class="card"><h2>Recent deployments</h2>${this.listView()}</section>`;
  }
}
