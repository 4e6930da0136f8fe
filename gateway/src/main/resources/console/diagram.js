// Diagrams (ECharts' graph series, from its WebJar) and time-series charts (uPlot, from its WebJar), mounted into
// elements that lit-html renders (through the ref directive). ECharts (1 MB) is imported only when a page first
// draws a diagram. Colours follow the page's light/dark theme (the CSS variables). ECharts tooltips are drawn on
// the canvas (renderMode richText): its HTML tooltips would write innerHTML, which Trusted Types refuses.
import uPlot from './vendor/uplot/dist/uPlot.esm.js';

let echartsModule = null;
function echarts() {
  echartsModule = echartsModule || import('./vendor/echarts/dist/echarts.esm.min.js');
  return echartsModule;
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

const STATUS_COLOURS = { ok: '--ok', error: '--danger', off: '--muted', running: '--accent', warn: '--warn' };

/**
 * A ref callback drawing a graph: nodes [{id, name, x?, y?, status?, detail?}], links [{source, target, label?}].
 * With x/y on every node the layout is fixed (a workflow's levels); otherwise force-directed (the topology).
 * `onSelect(node)` is called when a node is clicked.
 */
export function graph(nodes, links, { onSelect, directed = true } = {}) {
  return (element) => {
    if (!element) return;
    element.setAttribute('data-nodes', String(nodes.length));
    element.setAttribute('data-links', String(links.length));
    echarts().then((lib) => {
      if (!element.isConnected) return;
      const chart = lib.getInstanceByDom(element) || lib.init(element, null, { renderer: 'canvas' });
      const fixed = nodes.length > 0 && nodes.every((n) => n.x !== undefined && n.y !== undefined);
      const text = cssVar('--text');
      chart.setOption({
        animation: false,
        tooltip: { renderMode: 'richText', formatter: (p) => p.dataType === 'node' ? `${p.data.name}${p.data.detail ? `\n${p.data.detail}` : ''}` : (p.data.label?.formatter || '') },
        series: [{
          type: 'graph',
          layout: fixed ? 'none' : 'force',
          force: { repulsion: 260, edgeLength: 120 },
          roam: true,
          draggable: !fixed,
          symbolSize: 46,
          edgeSymbol: directed ? ['none', 'arrow'] : ['none', 'none'],
          edgeSymbolSize: 9,
          label: { show: true, color: text, position: 'bottom', fontSize: 12 },
          edgeLabel: { show: true, color: cssVar('--muted'), fontSize: 10, formatter: (p) => p.data.label?.formatter || '' },
          lineStyle: { color: cssVar('--muted'), width: 1.5, curveness: 0.08 },
          emphasis: { focus: 'adjacency' },
          data: nodes.map((n) => ({ id: n.id, name: n.name || n.id, x: n.x, y: n.y, detail: n.detail,
            itemStyle: { color: cssVar(STATUS_COLOURS[n.status] || '--accent') } })),
          links: links.map((l) => ({ source: l.source, target: l.target, label: { formatter: l.label || '' } })),
        }],
      }, true);
      chart.off('click');
      if (onSelect) chart.on('click', (p) => { if (p.dataType === 'node') onSelect(nodes.find((n) => n.id === p.data.id)); });
      if (!element.resizeObserved) {
        element.resizeObserved = true;
        new ResizeObserver(() => chart.resize()).observe(element);
      }
    });
  };
}

/**
 * A ref callback drawing a time series with uPlot: times in seconds, series [{label, values, colour}].
 * Redrawn whole when called with new data (the charts are small).
 */
export function timeSeries(times, series, { yLabel = '' } = {}) {
  return (element) => {
    if (!element) return;
    element.uplot?.destroy();
    element.setAttribute('data-points', String(times.length));
    if (times.length === 0) return;
    const width = Math.max(element.clientWidth, 280);
    const colours = ['--accent', '--danger', '--ok', '--warn'];
    // A series with `right: true` has its own scale, with its axis on the right (e.g. tokens next to requests).
    const right = series.find((s) => s.right);
    element.uplot = new uPlot({
      width, height: 220,
      scales: right ? { right: { auto: true } } : {},
      axes: [{ stroke: cssVar('--muted'), grid: { stroke: cssVar('--line') } },
        { label: yLabel, stroke: cssVar('--muted'), grid: { stroke: cssVar('--line') } },
        ...(right ? [{ scale: 'right', side: 1, label: right.label, stroke: cssVar('--muted'), grid: { show: false } }] : [])],
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: cssVar(s.colour || colours[i % colours.length]), width: 2,
        scale: s.right ? 'right' : 'y', spanGaps: true, points: { show: times.length < 40 } }))],
    }, [times, ...series.map((s) => s.values)], element);
    if (!element.resizeObserved) {
      element.resizeObserved = true;
      new ResizeObserver(() => element.uplot?.setSize({ width: Math.max(element.clientWidth, 280), height: 220 })).observe(element);
    }
  };
}

/** Buckets timestamped rows into n equal intervals: [{t (seconds), rows}]. */
export function buckets(rows, timeOf, count = 24) {
  const times = rows.map(timeOf).filter((t) => !isNaN(t));
  if (times.length === 0) return [];
  const start = Math.min(...times);
  const end = Math.max(...times) + 1;
  const size = Math.max((end - start) / count, 1000);
  const out = [];
  for (let t = start; t < end; t += size) out.push({ t: Math.round(t / 1000), rows: [] });
  rows.forEach((row) => {
    const t = timeOf(row);
    if (!isNaN(t)) out[Math.min(Math.floor((t - start) / size), out.length - 1)].rows.push(row);
  });
  return out;
}
