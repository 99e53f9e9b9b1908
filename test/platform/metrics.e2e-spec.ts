import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startAppProcess, type AppProcess } from '../support/app-process.js';
import { eventually } from '../support/eventually.js';
import { generateSigningKeyPem } from '../support/jwt-keys.js';
import { promtool } from '../support/promtool.js';
import { startTopology, stopProcess, TOPOLOGIES, type Topology } from '../support/topology.js';

/** Metric family names of an exposition (from its `# TYPE` lines). */
const families = (exposition: string): string[] => [...exposition.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]);

/** Sample lines (everything but comments and blank lines). */
const samples = (exposition: string): string[] => exposition.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

/** What every app's exposition must satisfy: promtool's lint, the app as a label, standard names. */
function expectWellFormed(exposition: string, app: string): void {
  expect(promtool(['check', 'metrics'], exposition)).toEqual({ status: 0, output: '' });
  const unlabelled = samples(exposition).filter((line) => !line.includes(`app="${app}"`));
  expect(unlabelled).toEqual([]);
  expect(families(exposition)).toEqual(
    expect.arrayContaining([
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_active_handles',
      'http_request_duration_seconds',
      'ficus_ready',
      'ficus_readiness_check',
      'ficus_memory_limit_bytes',
      'ficus_circuit_breaker_state',
      'ficus_circuit_breaker_calls_total',
      'ficus_retries_total',
    ]),
  );
  // The app is never part of a name (ficus_gateway_process_cpu_seconds_total and the like).
  expect(families(exposition).filter((name) => /^ficus_(gateway|auth|todos)_/.test(name) || /^ficus_[a-z]+_(process|nodejs)_/.test(name))).toEqual([]);
}

describe('/metrics of every built app (split topology over NATS)', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology('metrics', TOPOLOGIES['all-nats']);
  });
  afterAll(() => topology?.stop());

  it('passes promtool check metrics, labels every series with its app and names series the standard way', async () => {
    const email = `metrics-${randomUUID()}@example.com`;
    await fetch(`${topology.url}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'correct horse battery staple' }) });
    const apps = { gateway: topology.url, ...Object.fromEntries(Object.entries(topology.contexts).map(([app, [process]]) => [app, process.url])) };
    expect(Object.keys(apps).toSorted()).toEqual(['ai', 'auth', 'gateway', 'todos']);
    for (const [app, url] of Object.entries(apps)) {
      await fetch(`${url}/health`);
      const response = await fetch(`${url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const exposition = await response.text();
      expectWellFormed(exposition, app);
      expect(exposition).toMatch(new RegExp(`^ficus_ready\\{app="${app}"\\} 1$`, 'm'));
    }
    // The gateway's breakers in front of the remote contexts, by context.
    const gateway = await (await fetch(`${topology.url}/metrics`)).text();
    expect(gateway).toMatch(/^ficus_circuit_breaker_state\{breaker="context:auth",app="gateway"\} 0$/m);
    expect(gateway).toMatch(/^ficus_readiness_check\{check="context:auth",app="gateway"\} 1$/m);
  });

  it('exports every series the alert rules use', async () => {
    const rules = readFileSync(resolve(__dirname, '../../deploy/prometheus/alerts.yml'), 'utf8').replace(/#.*$/gm, '');
    const used = new Set([...rules.matchAll(/\b((?:ficus|http|nodejs|process)_[a-z0-9_]+)/g)].map((match) => match[1].replace(/_(bucket|count|sum)$/, '')));
    const exported = new Set<string>();
    for (const url of [topology.url, ...Object.values(topology.contexts).map(([process]) => process.url)]) {
      for (const family of families(await (await fetch(`${url}/metrics`)).text())) exported.add(family);
    }
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    expect(used.size).toBeGreaterThanOrEqual(7);
  });

  it('counts requests per route template: ids and unknown paths never become label values', async () => {
    const id = randomUUID();
    await fetch(`${topology.url}/todos/${id}`);
    await fetch(`${topology.url}/no/such/${id}`);
    await fetch(`${topology.url}/another/unknown/path`);
    const exposition = await (await fetch(`${topology.url}/metrics`)).text();
    expect(exposition).toMatch(/^http_request_duration_seconds_count\{app="gateway",method="GET",route="\/todos\/:id",status_code="401"\} \d+$/m);
    expect(exposition).toMatch(/^http_request_duration_seconds_count\{app="gateway",method="GET",route="unmatched",status_code="404"\} [2-9]\d*$/m);
    expect(exposition).not.toContain(id);
    expect(exposition).not.toContain('/no/such');
  });
});

describe('METRICS_PORT', () => {
  let gateway: AppProcess;
  let metricsUrl: string;

  beforeAll(async () => {
    gateway = await startAppProcess('gateway', { DATABASE_URL: process.env.DATABASE_URL ?? '', AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem(), METRICS_PORT: '0' });
    metricsUrl = await eventually(() => {
      const match = /Metrics served on (http:\/\/\S+\/metrics)/.exec(gateway.output());
      if (!match) throw new Error(`no metrics line yet:\n${gateway.output()}`);
      return match[1];
    });
  });
  afterAll(() => stopProcess(gateway));

  it('serves /metrics on its own port, with every context of the single process under the same names', async () => {
    expect(new URL(metricsUrl).port).not.toBe(new URL(gateway.url).port);
    await fetch(`${gateway.url}/health`);
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    const exposition = await response.text();
    expectWellFormed(exposition, 'gateway');
    // The ai context's own series carry the context's name wherever it runs.
    expect(families(exposition)).toEqual(expect.arrayContaining(['ficus_ai_upstream_request_duration_seconds', 'ficus_ai_tokens_total', 'ficus_ai_fallbacks_total']));
    expect(exposition).toMatch(/^http_request_duration_seconds_count\{app="gateway",method="GET",route="\/health",status_code="200"\} 1$/m);
  });

  it('no longer serves /metrics on the API port, and nothing else on the metrics port', async () => {
    const publicMetrics = await fetch(`${gateway.url}/metrics`);
    expect(publicMetrics.status).toBe(404);
    expect(publicMetrics.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(metricsUrl.replace(/\/metrics$/, '/health'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(405);
  });
});
