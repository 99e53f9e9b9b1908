/**
 * Writes a run's results into docs/benchmarks.md (between the markers below, replacing the last
 * run's) and its chart into docs/benchmarks.svg: date, machine, Node version and command first,
 * then the chart, the speed table and the footprint table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { chartSvg, type Bar } from './chart.js';
import { COMPARED, SYSTEM_LABELS } from './comparisons.js';
import type { FootprintRow } from './footprint-report.js';
import { summarise, targetText, type ScenarioSamples, type Verdict } from './report.js';

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';
const DOCS = resolve(import.meta.dirname, '../docs');

/** What the run was and where it ran, for the section's header. */
export interface RunFacts {
  /** e.g. `BENCH_ROUNDS=3 npm run bench`. */
  command: string;
  /** e.g. `wrk, servers pinned to CPU 0, load generator to CPU 1 (taskset)`. */
  load: string;
  rounds: number;
  durationSeconds: number;
  /** The 1-minute load average when the run started (other work on the machine skews req/s). */
  loadAverageAtStart: number;
}

/** The command line that reproduces the run: the BENCH_* settings that were set, then `npm run bench`. */
export function commandLine(env: NodeJS.ProcessEnv = process.env): string {
  const settings = Object.entries(env).filter(([name, value]) => name.startsWith('BENCH_') && value);
  return [...settings.map(([name, value]) => `${name}=${value}`), 'npm run bench'].join(' ');
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function speedTable(results: ScenarioSamples[], verdicts: Verdict[]): string {
  const lines = ['| scenario | conns | system | req/s | p50 ms | p99 ms | CPU ms/req | RSS MB | ratio | target | result |', '|---|---|---|---|---|---|---|---|---|---|---|'];
  results.forEach(({ scenario, connections, reference, candidate }, index) => {
    const verdict = verdicts[index];
    const row = (first: string, conns: string, label: string, samples: ScenarioSamples['reference'], ratio: string, target: string, result: string) => {
      const summary = summarise(samples);
      const rss = samples.rssBytes.length ? fixed(Math.max(...samples.rssBytes) / 1_048_576) : 'n/a';
      return `| ${first} | ${conns} | ${label} | ${fixed(summary.rps)} | ${fixed(summary.p50, 2)} | ${fixed(summary.p99, 1)} | ${fixed(summary.cpuMs, 2)} | ${rss} | ${ratio} | ${target} | ${result} |`;
    };
    lines.push(row(scenario.name, String(connections), SYSTEM_LABELS[COMPARED[scenario.compare].reference], reference, '1.00', '', ''));
    const result = verdict.pass ? 'PASS' : `**FAIL** (${verdict.reason})`;
    lines.push(row('', '', SYSTEM_LABELS[COMPARED[scenario.compare].candidate], candidate, `**${fixed(verdict.ratio, 2)}**`, targetText(scenario), result));
  });
  return lines.join('\n');
}

function footprintTable(rows: FootprintRow[]): string {
  const lines = ['| footprint | value | target | result |', '|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${row.what} | ${fixed(row.value)} ${row.unit} | ${row.target === undefined ? 'none' : `≤ ${row.target} ${row.unit}`} | ${row.pass ? 'PASS' : '**FAIL**'} |`);
  return lines.join('\n');
}

/** The chart's bars: each scenario's ratio (and added p50 where that is the target), then the footprint. */
function chart(results: ScenarioSamples[], verdicts: Verdict[], footprint: FootprintRow[]): string {
  const ratios: Bar[] = results.map(({ scenario }, index) => ({
    label: `${scenario.name} (${SYSTEM_LABELS[COMPARED[scenario.compare].reference]})`,
    value: verdicts[index].ratio,
    target: scenario.targets.minRatio,
    text: `${fixed(verdicts[index].ratio, 2)}×${verdicts[index].pass ? '' : ' FAIL'}`,
  }));
  const memory: Bar[] = footprint.filter((row) => row.unit === 'MB').map((row) => ({ label: row.what.replace(/^(idle RSS|RSS after the load): /, (_, kind: string) => (kind === 'idle RSS' ? 'idle: ' : 'after load: ')).slice(0, 40), value: row.value, target: row.target, ceiling: true, text: `${fixed(row.value)} MB` }));
  const time: Bar[] = footprint.filter((row) => row.unit === 'ms').map((row) => ({ label: 'cold start, gateway', value: row.value, target: row.target, ceiling: true, text: `${fixed(row.value)} ms` }));
  const panels = [{ title: 'req/s, product ÷ reference (higher is better)', bars: ratios }];
  if (memory.length) panels.push({ title: 'RSS (lower is better)', bars: memory });
  if (time.length) panels.push({ title: 'cold start (lower is better)', bars: time });
  return chartSvg(`npm run bench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}`, panels);
}

/** Replaces the results section of docs/benchmarks.md and writes docs/benchmarks.svg. */
export function writeResultsDoc(facts: RunFacts, results: ScenarioSamples[], verdicts: Verdict[], footprint: FootprintRow[]): void {
  writeFileSync(resolve(DOCS, 'benchmarks.svg'), chart(results, verdicts, footprint));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    START,
    `## Latest full run — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Written by the bench itself. Command: \`${facts.command}\`. Machine: ${cpus().length} × ${cpu}, ${fixed(totalmem() / 2 ** 30)} GB RAM, load average ${fixed(facts.loadAverageAtStart, 1)} at the start (other work shares the machine); Node ${process.version}; load: ${facts.load}; ${facts.rounds} alternating rounds × ${facts.durationSeconds} s, medians.`,
    '',
    '![bench chart](benchmarks.svg)',
    '',
    speedTable(results, verdicts),
    '',
    footprintTable(footprint),
    END,
  ].join('\n');
  const file = resolve(DOCS, 'benchmarks.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  // First time: the section goes after the page's introduction (its first blank-line-separated block past the title).
  const updated = start >= 0 && end > start ? `${text.slice(0, start)}${section}${text.slice(end + END.length)}` : text.replace(/\n## /, `\n${section}\n\n## `);
  writeFileSync(file, updated);
}

/** The 1-minute load average now. */
export const loadAverage = () => loadavg()[0];
