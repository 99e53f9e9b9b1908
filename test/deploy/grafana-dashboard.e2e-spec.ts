import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { startTopology, TOPOLOGIES, type Topology } from '../support/topology.js';

// The Ficus dashboard (deploy/grafana/dashboards/ficus.json) against what the apps export: every
// panel's query is parsed by Prometheus' own PromQL grammar (the one its UI uses), and every
// metric it selects must be a series a running, built app serves on /metrics.
const DASHBOARD = resolve(__dirname, '../../deploy/grafana/dashboards/ficus.json');

interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string }[];
}

/** Grafana's variables, replaced as Grafana would before the query reaches Prometheus. */
const interpolate = (expr: string): string => expr.replaceAll('$__rate_interval', '1m').replaceAll('$__range', '1h').replaceAll('$app', '.*');

/** The metric names a PromQL expression selects; throws on a syntax error. */
function selectedMetrics(expr: string): string[] {
  const names: string[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) throw new Error(`PromQL syntax error at ${node.from} in ${expr}`);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') names.push(expr.slice(node.from, node.to));
    },
  });
  return names;
}

/** Every series name an exposition serves: each family's, histograms' with their suffixes. */
function servedSeries(exposition: string): Set<string> {
  const served = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    served.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) served.add(`${name}${suffix}`);
    if (type === 'summary') for (const suffix of ['_count', '_sum']) served.add(`${name}${suffix}`);
  }
  return served;
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { uid: string; panels: Panel[]; templating: { list: { query: { query: string } }[] } };
const queryPanels = dashboard.panels.filter((panel) => panel.type !== 'row');
const expressions = queryPanels.flatMap((panel) => (panel.targets ?? []).map((target) => interpolate(target.expr)));

describe('the Grafana dashboard', () => {
  let topology: Topology;
  let served: Set<string>;

  beforeAll(async () => {
    topology = await startTopology('dashboard', TOPOLOGIES['all-local']);
    await fetch(`${topology.url}/health`);
    served = servedSeries(await (await fetch(`${topology.url}/metrics`)).text());
  });
  afterAll(() => topology?.stop());

  it('has panels for RED per route, readiness, breakers, event-loop lag and memory, each querying Prometheus', () => {
    expect(dashboard.uid).toBe('ficus');
    for (const panel of queryPanels) expect([panel.title, panel.datasource?.uid, (panel.targets ?? []).length > 0]).toEqual([panel.title, 'prometheus', true]);
    const used = new Set(expressions.flatMap(selectedMetrics));
    for (const metric of ['http_request_duration_seconds_count', 'http_request_duration_seconds_bucket', 'ficus_ready', 'ficus_circuit_breaker_state', 'nodejs_eventloop_lag_p99_seconds', 'process_resident_memory_bytes']) {
      expect(used).toContain(metric);
    }
    // Per route: the RED panels keep the route label.
    expect(expressions.filter((expr) => expr.includes('http_request_duration_seconds') && expr.includes('route')).length).toBeGreaterThanOrEqual(3);
  });

  it('queries only metrics a running app exports', () => {
    const used = [...new Set([...expressions, ...dashboard.templating.list.map((variable) => variable.query.query.replace(/^label_values\((\w+),.*$/, '$1'))].flatMap(selectedMetrics))];
    expect(used.length).toBeGreaterThanOrEqual(10);
    expect(used.filter((metric) => !served.has(metric))).toEqual([]);
  });

  it('would notice a misspelt metric or a broken query', () => {
    expect(selectedMetrics('rate(ficus_circuit_breaker_calls[1m])').filter((metric) => !served.has(metric))).toEqual(['ficus_circuit_breaker_calls']);
    expect(() => selectedMetrics('sum by (app (rate(ficus_ready[1m]))')).toThrow(/syntax error/);
  });
});
