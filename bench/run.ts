/**
 * `npm run bench`: builds the gateway, starts the product (gateway on a migrated PostgreSQL) and a bare
 * `node:http` baseline, then measures every scenario on both, alternating which server goes
 * first each round so drift (thermal, noisy neighbours) hits both alike. Prints a table and
 * exits 1 when a scenario misses its target. Loopback only. Settings: bench/config.ts.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { loadBenchConfig, type BenchConfig } from './config.js';
import { benchDatabase } from './database.js';
import { runLoad } from './load.js';
import { formatTable, judge, type Samples, type ScenarioSamples } from './report.js';
import { SCENARIOS } from './scenarios.js';
import { captureRoutes, startBaseline, startProduct, WORK_DIR, type PreparedScenario } from './servers.js';
import type { ServerProcess } from './server-process.js';

const ROOT = resolve(import.meta.dirname, '..');
const say = (message: string) => console.log(`[bench] ${message}`);

/** Stops whatever was started, newest first (servers before the database they use). */
const cleanups: Array<() => Promise<void>> = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length) await cleanups.pop()?.().catch((error: unknown) => say(`cleanup failed: ${String(error)}`));
}

/** Only the gateway: it is the whole product in one process, and this halves the build time. */
function build(): void {
  say('Building the gateway…');
  const nest = resolve(ROOT, 'node_modules/@nestjs/cli/bin/nest.js');
  const result = spawnSync(process.execPath, [nest, 'build', 'gateway'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
}

async function measure(config: BenchConfig, prepared: PreparedScenario[], servers: Record<'product' | 'baseline', ServerProcess>): Promise<ScenarioSamples[]> {
  const load = (server: ServerProcess, { scenario, request }: PreparedScenario, durationSeconds: number) =>
    runLoad(server.url, request, { durationSeconds, connections: config.connections, pipelining: config.pipelining, expectStatus: scenario.expectStatus });
  say(`Warming up (${config.warmupSeconds} s per server and scenario)…`);
  for (const scenario of prepared) {
    for (const server of [servers.baseline, servers.product]) await load(server, scenario, config.warmupSeconds);
  }
  const results = prepared.map(({ scenario }) => ({ scenario, product: { runs: [], rssBytes: [] } as Samples, baseline: { runs: [], rssBytes: [] } as Samples }));
  for (let round = 0; round < config.rounds; round++) {
    const order = round % 2 === 0 ? (['baseline', 'product'] as const) : (['product', 'baseline'] as const);
    for (const [index, scenario] of prepared.entries()) {
      for (const which of order) {
        const run = await load(servers[which], scenario, config.durationSeconds);
        // Sampled right after the run, while buffers and heap still hold the load's footprint.
        const rss = servers[which].rssBytes();
        results[index][which].runs.push(run);
        if (rss !== undefined) results[index][which].rssBytes.push(rss);
        say(`round ${round + 1}/${config.rounds} ${scenario.scenario.name} ${which}: ${Math.round(run.requestsPerSecond)} req/s, p99 ${run.p99Ms} ms${run.failures ? `, ${run.failures} failures` : ''}`);
      }
    }
  }
  return results;
}

async function main(): Promise<number> {
  const config = loadBenchConfig();
  const scenarios = SCENARIOS.filter((scenario) => config.only.length === 0 || config.only.includes(scenario.name));
  if (scenarios.length === 0) throw new Error(`BENCH_ONLY matches no scenario (have: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  if (!config.skipBuild) build();

  const database = await benchDatabase((message) => say(message));
  cleanups.push(() => database.stop());
  const product = await startProduct(database.url, config.productLogLevel);
  cleanups.push(() => product.stop());
  const prepared: PreparedScenario[] = [];
  for (const scenario of scenarios) prepared.push({ scenario, request: await scenario.prepare(product.url) });
  const baseline = await startBaseline(await captureRoutes(product.url, prepared));
  cleanups.push(() => baseline.stop());

  say(`product ${product.url} (pid ${product.pid}, LOG_LEVEL=${config.productLogLevel}, ${database.where}); baseline ${baseline.url} (pid ${baseline.pid})`);
  say(`${config.rounds} rounds × ${config.durationSeconds} s, ${config.connections} connections, pipelining ${config.pipelining}; node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);
  const results = await measure(config, prepared, { product, baseline });
  await cleanUp();

  const verdicts = judge(results);
  console.log('');
  for (const { scenario } of prepared) console.log(`${scenario.name}: ${scenario.description}`);
  console.log(`\n${formatTable(results, verdicts)}\n`);
  console.log(`req/s, p50, p99: medians over ${config.rounds} rounds; RSS: peak after a run; logs in ${WORK_DIR}`);
  return verdicts.every((verdict) => verdict.pass) ? 0 : 1;
}

// Ctrl-C or SIGTERM still stops the servers and the embedded database (they run detached).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
    await cleanUp();
    process.exit(1);
  },
);
