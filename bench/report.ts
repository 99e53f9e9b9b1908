import { COMPARED, SYSTEM_LABELS } from './comparisons.js';
import type { LoadResult } from './load.js';
import type { Scenario } from './scenarios.js';

/** Everything measured for one scenario on one system across the rounds. */
export interface Samples {
  runs: LoadResult[];
  rssBytes: number[];
  /**
   * CPU time the system's processes spent per response, per run. On a machine with few cores
   * req/s can hide a cost that a split topology spreads over more processes; this shows it.
   */
  cpuMsPerRequest: number[];
}

/** One scenario's measurements on its two systems (see comparisons.ts). */
export interface ScenarioSamples {
  scenario: Scenario;
  /** Concurrent connections it ran with. */
  connections: number;
  reference: Samples;
  candidate: Samples;
}

/** A scenario's verdict as printed. */
export interface Verdict {
  scenario: string;
  /** Candidate req/s over reference req/s (medians). */
  ratio: number;
  pass: boolean;
  reason?: string;
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const megabytes = (bytes: number[]) => (bytes.length ? `${fixed(Math.max(...bytes) / 1_048_576, 1)}` : 'n/a');

/** Medians across rounds resist one noisy round better than means on a shared machine. */
export function summarise(samples: Samples) {
  return {
    rps: median(samples.runs.map((run) => run.requestsPerSecond)),
    p50: median(samples.runs.map((run) => run.p50Ms)),
    p99: median(samples.runs.map((run) => run.p99Ms)),
    cpuMs: median(samples.cpuMsPerRequest),
    failures: samples.runs.reduce((sum, run) => sum + run.failures, 0),
  };
}

/** What a scenario's targets ask for, as printed in the table. */
export function targetText({ targets }: Scenario): string {
  const parts: string[] = [];
  if (targets.minRatio !== undefined) parts.push(`≥ ${targets.minRatio}×`);
  if (targets.maxP99Ratio !== undefined) parts.push(`p99 ≤ ${targets.maxP99Ratio}× ref`);
  if (targets.maxAddedP50Ms !== undefined) parts.push(`p50 ≤ ref + ${targets.maxAddedP50Ms} ms`);
  return parts.length ? parts.join(', ') : 'none';
}

/**
 * Judges each scenario: no failed or unexpected responses on either system, and every target
 * it sets (see `Targets` in scenarios.ts), each against its reference row of the same run.
 */
export function judge(results: ScenarioSamples[]): Verdict[] {
  return results.map(({ scenario, reference, candidate }) => {
    const ref = summarise(reference);
    const cand = summarise(candidate);
    const ratio = cand.rps / ref.rps;
    const failures = ref.failures + cand.failures;
    if (failures > 0) return { scenario: scenario.name, ratio, pass: false, reason: `${failures} failed or unexpected responses` };
    const { minRatio, maxP99Ratio, maxAddedP50Ms } = scenario.targets;
    const misses: string[] = [];
    if (minRatio !== undefined && !(ratio >= minRatio)) misses.push(`below ${minRatio}×`);
    if (maxP99Ratio !== undefined && !(cand.p99 <= maxP99Ratio * ref.p99)) misses.push(`p99 ${fixed(cand.p99, 1)} > ${maxP99Ratio} × ${fixed(ref.p99, 1)} ms`);
    if (maxAddedP50Ms !== undefined && !(cand.p50 <= ref.p50 + maxAddedP50Ms)) misses.push(`p50 +${fixed(cand.p50 - ref.p50, 2)} ms`);
    return misses.length ? { scenario: scenario.name, ratio, pass: false, reason: misses.join(', ') } : { scenario: scenario.name, ratio, pass: true };
  });
}

/** The results table: two rows per scenario (reference, candidate), RSS as the peak seen after each run. */
export function formatTable(results: ScenarioSamples[], verdicts: Verdict[]): string {
  const header = ['scenario', 'conns', 'system', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'RSS MB', 'ratio', 'target', 'result'];
  const rows: string[][] = [];
  results.forEach(({ scenario, connections, reference, candidate }, index) => {
    const verdict = verdicts[index];
    const systems = COMPARED[scenario.compare];
    const row = (first: string, conns: string, label: string, samples: Samples, ratio: string, target: string, result: string) => {
      const summary = summarise(samples);
      return [first, conns, label, fixed(summary.rps), fixed(summary.p50, 2), fixed(summary.p99, 1), fixed(summary.cpuMs, 2), megabytes(samples.rssBytes), ratio, target, result];
    };
    rows.push(row(scenario.name, String(connections), SYSTEM_LABELS[systems.reference], reference, '1.00', '', ''));
    const target = targetText(scenario);
    rows.push(row('', '', SYSTEM_LABELS[systems.candidate], candidate, fixed(verdict.ratio, 2), target, verdict.pass ? 'PASS' : `FAIL (${verdict.reason})`));
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 1 || (column >= 3 && column <= 9) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
