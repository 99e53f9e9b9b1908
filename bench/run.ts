/**
 * `npm run bench`: builds the apps, starts the systems the selected scenarios compare (see
 * comparisons.ts) on a migrated PostgreSQL, and measures each scenario on its two systems,
 * alternating which goes first each round. Prints a table; exits 1 when a scenario fails.
 * Loopback only (plus NATS_URL for the NATS topology). Settings: bench/config.ts.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { COMPARED } from './comparisons.js';
import { LOAD_GENERATOR } from './load.js';
import { PINNING } from './pinning.js';
import { connectionsFor, loadBenchConfig } from './config.js';
import { benchDatabase } from './database.js';
import { checkAnswers, measure, type Systems } from './measure.js';
import { coldStarts, idleMemory } from './footprint.js';
import { formatFootprint, judgeFootprint } from './footprint-report.js';
import { formatTable, judge } from './report.js';
import { commandLine, loadAverage, writeResultsDoc } from './results-doc.js';
import { SCENARIOS } from './scenarios.js';
import { captureRoutes, startBaseline, startNestBaseline, startTodosBaseline, type PreparedScenario } from './servers.js';
import { WORK_DIR } from './server-process.js';
import { DEFAULT_NATS_URL, productEnvironment, startLocalTopology, startNatsTopology } from './topologies.js';

const ROOT = resolve(import.meta.dirname, '..');
const say = (message: string) => console.log(`[bench] ${message}`);

/** Footprint measurements BENCH_ONLY can name next to the scenarios. */
const FOOTPRINT_PARTS = ['memory', 'cold-start'] as const;

/** Stops whatever was started, newest first (servers before the database they use). */
const cleanups: Array<() => Promise<void>> = [];
async function cleanUp(keep = 0): Promise<void> {
  while (cleanups.length > keep) await cleanups.pop()?.().catch((error: unknown) => say(`cleanup failed: ${String(error)}`));
}

/** Only the apps the selected scenarios run: the gateway always, auth for the NATS topology. */
function build(apps: string[]): void {
  say(`Building ${apps.join(', ')}…`);
  const nest = resolve(ROOT, 'node_modules/@nestjs/cli/bin/nest.js');
  const result = spawnSync(process.execPath, [nest, 'build', ...apps], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
}

async function main(): Promise<number> {
  const config = loadBenchConfig();
  const selected = SCENARIOS.filter((scenario) => config.only.length === 0 || config.only.includes(scenario.name));
  const footprint = FOOTPRINT_PARTS.filter((part) => config.only.length === 0 || config.only.includes(part));
  if (selected.length === 0 && footprint.length === 0) throw new Error(`BENCH_ONLY matches nothing (have: ${[...SCENARIOS.map((s) => s.name), ...FOOTPRINT_PARTS].join(', ')})`);
  const loadAverageAtStart = loadAverage();
  const needed = new Set(selected.flatMap(({ compare }) => [COMPARED[compare].reference, COMPARED[compare].candidate]));
  if (!config.skipBuild) build(footprint.includes('memory') ? ['gateway', 'auth', 'todos', 'ai'] : needed.has('nats') ? ['gateway', 'auth'] : ['gateway']);

  const database = await benchDatabase((message) => say(message));
  let databaseStopped = false;
  const stopDatabase = async () => {
    if (!databaseStopped) await database.stop();
    databaseStopped = true;
  };
  cleanups.push(stopDatabase);
  const env = productEnvironment(database.url, config.productLogLevel, process.env.NATS_URL || DEFAULT_NATS_URL);

  // The local product always runs: it is in every comparison and prepares every scenario.
  const local = await startLocalTopology(env);
  cleanups.push(() => local.stop());
  const systems: Systems = { local };
  const scenarios: PreparedScenario[] = [];
  for (const scenario of selected) scenarios.push({ scenario, request: await scenario.prepare(local.url) });
  const replayed = await captureRoutes(local.url, scenarios.filter(({ scenario }) => scenario.compare === 'baseline' || scenario.compare === 'nest-baseline'));
  if (needed.has('baseline')) {
    const baseline = await startBaseline(replayed);
    cleanups.push(() => baseline.stop());
    systems.baseline = { url: baseline.url, summary: `baseline: ${baseline.url} (pid ${baseline.pid})`, pids: [baseline.pid] };
  }
  if (needed.has('nest')) {
    const nest = await startNestBaseline(replayed);
    cleanups.push(() => nest.stop());
    systems.nest = { url: nest.url, summary: `bare Nest: ${nest.url} (pid ${nest.pid})`, pids: [nest.pid] };
  }
  if (needed.has('todos-baseline')) {
    const todosBaseline = await startTodosBaseline(env, local.url);
    cleanups.push(() => todosBaseline.stop());
    systems['todos-baseline'] = { url: todosBaseline.url, summary: `todos baseline: ${todosBaseline.url} (pid ${todosBaseline.pid})`, pids: [todosBaseline.pid] };
  }
  if (needed.has('nats')) {
    const nats = await startNatsTopology(env);
    cleanups.push(() => nats.stop());
    systems.nats = nats;
  }
  await checkAnswers(scenarios, systems);

  for (const system of Object.values(systems)) say(system.summary);
  say(`LOG_LEVEL=${config.productLogLevel}, ${database.where}; ${config.rounds} rounds × ${config.durationSeconds} s, ${[...new Set(selected.map((scenario) => connectionsFor(config, scenario)))].join('/')} connections, pipelining ${config.pipelining}`);
  say(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); load: ${LOAD_GENERATOR}, ${PINNING.summary}`);
  const results = await measure(config, scenarios, systems, say);
  // The gateway's footprint after every scenario's load (it is one process for the whole run).
  const localRss = results.flatMap(({ scenario, reference, candidate }) => [
    ...(COMPARED[scenario.compare].reference === 'local' ? reference.rssBytes : []),
    ...(COMPARED[scenario.compare].candidate === 'local' ? candidate.rssBytes : []),
  ]);
  await cleanUp(1); // the servers; the database (the first cleanup) stays for the footprint
  // Started alone, after the load: nothing else of the run is left running.
  const idle = footprint.includes('memory') ? (say('Idle memory of each app…'), await idleMemory(env)) : [];
  const starts = footprint.includes('cold-start') ? (say('Cold starts of the gateway…'), await coldStarts(env, 3)) : [];
  await stopDatabase();

  const verdicts = judge(results);
  const footprintRows = judgeFootprint(idle, localRss.length ? Math.max(...localRss) : undefined, starts);
  console.log('');
  for (const { scenario } of scenarios) console.log(`${scenario.name}: ${scenario.description}`);
  if (results.length) console.log(`\n${formatTable(results, verdicts)}\n`);
  if (footprintRows.length) console.log(`${formatFootprint(footprintRows)}\n`);
  console.log(`req/s, p50, p99, CPU ms/req: medians over ${config.rounds} rounds; CPU and RSS (peak after a run) summed over a system's processes; ratio: second row / first row; logs in ${WORK_DIR}`);
  // Only a complete run replaces the documented results (BENCH_DOCS=0: never).
  if (config.only.length === 0 && process.env.BENCH_DOCS !== '0') {
    writeResultsDoc({ command: commandLine(), load: `${LOAD_GENERATOR}, ${PINNING.summary}`, rounds: config.rounds, durationSeconds: config.durationSeconds, loadAverageAtStart }, results, verdicts, footprintRows);
    say('Results written to docs/benchmarks.md and docs/benchmarks.svg');
  }
  return verdicts.every((verdict) => verdict.pass) && footprintRows.every((row) => row.pass) ? 0 : 1;
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
