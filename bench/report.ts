import type { LoadResult } from './load.js';
import type { Scenario } from './scenarios.js';

/** Everything measured for one scenario on one server across the rounds. */
export interface Samples {
  runs: LoadResult[];
  rssBytes: number[];
}

/** One scenario's measurements, product and baseline. */
export interface ScenarioSamples {
  scenario: Scenario;
  product: Samples;
  baseline: Samples;
}

/** A scenario's verdict as printed. */
export interface Verdict {
  scenario: string;
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
function summarise(samples: Samples) {
  return {
    rps: median(samples.runs.map((run) => run.requestsPerSecond)),
    p50: median(samples.runs.map((run) => run.p50Ms)),
    p99: median(samples.runs.map((run) => run.p99Ms)),
    failures: samples.runs.reduce((sum, run) => sum + run.failures, 0),
  };
}

/** Judges each scenario: ratio of median req/s against its target, and no failed requests. */
export function judge(results: ScenarioSamples[]): Verdict[] {
  return results.map(({ scenario, product, baseline }) => {
    const ratio = summarise(product).rps / summarise(baseline).rps;
    const failures = summarise(product).failures;
    if (failures > 0) return { scenario: scenario.name, ratio, pass: false, reason: `${failures} failed or unexpected responses` };
    if (!(ratio >= scenario.minRatio)) return { scenario: scenario.name, ratio, pass: false, reason: `below ${scenario.minRatio}× baseline` };
    return { scenario: scenario.name, ratio, pass: true };
  });
}

/** The results table: one row per scenario and server, RSS as the peak seen after each run. */
export function formatTable(results: ScenarioSamples[], verdicts: Verdict[]): string {
  const header = ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'RSS MB', 'ratio', 'target', 'result'];
  const rows: string[][] = [];
  results.forEach(({ scenario, product, baseline }, index) => {
    const verdict = verdicts[index];
    const base = summarise(baseline);
    const prod = summarise(product);
    rows.push([scenario.name, 'baseline', fixed(base.rps), fixed(base.p50, 1), fixed(base.p99, 1), megabytes(baseline.rssBytes), '1.00', '', '']);
    rows.push(['', 'product', fixed(prod.rps), fixed(prod.p50, 1), fixed(prod.p99, 1), megabytes(product.rssBytes), fixed(verdict.ratio, 2), `≥ ${scenario.minRatio}`, verdict.pass ? 'PASS' : `FAIL (${verdict.reason})`]);
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column >= 2 && column <= 7 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
