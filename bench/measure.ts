import { COMPARED, type MeasuredSystem, type SystemName } from './comparisons.js';
import { connectionsFor, type BenchConfig } from './config.js';
import { runLoad, type LoadResult } from './load.js';
import { cpuSeconds, rssBytes } from './proc-stats.js';
import type { Samples, ScenarioSamples } from './report.js';
import { answerOf, type PreparedScenario } from './servers.js';

/** The systems started for this run; a scenario's pair must be among them. */
export type Systems = Partial<Record<SystemName, MeasuredSystem>>;

type Side = 'reference' | 'candidate';

function systemFor(systems: Systems, name: SystemName): MeasuredSystem {
  const system = systems[name];
  if (!system) throw new Error(`system "${name}" was not started`);
  return system;
}

function sameAnswer({ scenario }: PreparedScenario, reference: unknown, candidate: unknown): boolean {
  return scenario.sameAnswer ? scenario.sameAnswer(reference, candidate) : JSON.stringify(reference) === JSON.stringify(candidate);
}

/**
 * Every system must answer every request it will be measured with before any load starts. For
 * `read-baseline` both must also return the same JSON: proof the baseline does the same read.
 */
export async function checkAnswers(prepared: PreparedScenario[], systems: Systems): Promise<void> {
  for (const scenario of prepared) {
    const { reference, candidate } = COMPARED[scenario.scenario.compare];
    const referenceAnswer = await answerOf(systemFor(systems, reference).url, scenario);
    const candidateAnswer = await answerOf(systemFor(systems, candidate).url, scenario);
    if (scenario.scenario.compare === 'read-baseline' && !sameAnswer(scenario, JSON.parse(referenceAnswer.body), JSON.parse(candidateAnswer.body))) {
      throw new Error(`${scenario.scenario.name}: the baseline's answer differs from the product's:\n${referenceAnswer.body.slice(0, 800)}\n${candidateAnswer.body.slice(0, 800)}`);
    }
  }
}

/**
 * Warms every scenario up on both of its systems, then runs the rounds. The side that goes
 * first alternates each round so drift (thermal, noisy neighbours) hits both alike.
 */
export async function measure(config: BenchConfig, prepared: PreparedScenario[], systems: Systems, say: (message: string) => void): Promise<ScenarioSamples[]> {
  const load = (system: MeasuredSystem, { scenario, request }: PreparedScenario, durationSeconds: number): Promise<LoadResult> =>
    runLoad(system.url, request, { durationSeconds, connections: connectionsFor(config, scenario), pipelining: config.pipelining, expectStatus: scenario.expectStatus });
  const pairs = prepared.map(({ scenario }) => ({
    reference: { name: COMPARED[scenario.compare].reference, system: systemFor(systems, COMPARED[scenario.compare].reference) },
    candidate: { name: COMPARED[scenario.compare].candidate, system: systemFor(systems, COMPARED[scenario.compare].candidate) },
  }));

  say(`Warming up (${config.warmupSeconds} s per system and scenario)…`);
  for (const [index, scenario] of prepared.entries()) {
    for (const side of ['reference', 'candidate'] as const) await load(pairs[index][side].system, scenario, config.warmupSeconds);
  }
  const results: ScenarioSamples[] = prepared.map(({ scenario }) => ({ scenario, connections: connectionsFor(config, scenario), reference: emptySamples(), candidate: emptySamples() }));
  for (let round = 0; round < config.rounds; round++) {
    const order: readonly Side[] = round % 2 === 0 ? ['reference', 'candidate'] : ['candidate', 'reference'];
    for (const [index, scenario] of prepared.entries()) {
      for (const side of order) {
        const { name, system } = pairs[index][side];
        const cpuBefore = cpuSeconds(system.pids);
        const run = await load(system, scenario, config.durationSeconds);
        const cpuAfter = cpuSeconds(system.pids);
        // Sampled right after the run, while buffers and heap still hold the load's footprint.
        const rss = rssBytes(system.pids);
        const samples = results[index][side];
        samples.runs.push(run);
        if (rss !== undefined) samples.rssBytes.push(rss);
        if (cpuBefore !== undefined && cpuAfter !== undefined && run.requests > 0) samples.cpuMsPerRequest.push(((cpuAfter - cpuBefore) * 1000) / run.requests);
        const rssNote = rss === undefined ? '' : `, RSS ${Math.round(rss / 1_048_576)} MB`;
        say(`round ${round + 1}/${config.rounds} ${scenario.scenario.name} ${name}: ${Math.round(run.requestsPerSecond)} req/s, p99 ${run.p99Ms} ms${rssNote}${run.failures ? `, ${run.failures} failures` : ''}`);
      }
    }
  }
  return results;
}

function emptySamples(): Samples {
  return { runs: [], rssBytes: [], cpuMsPerRequest: [] };
}
