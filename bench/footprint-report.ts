import type { IdleMemory } from './footprint.js';

/** The footprint targets of issue 12, in MB and ms (never asserted in a timed test, only here). */
export const FOOTPRINT_TARGETS = { gatewayIdleMb: 160, gatewayAfterMb: 200, contextIdleMb: 130, coldStartMs: 1500 };

/** One judged footprint row. */
export interface FootprintRow {
  what: string;
  value: number;
  unit: 'MB' | 'ms';
  /** A ceiling; undefined for an informational row. */
  target?: number;
  pass: boolean;
}

const mb = (bytes: number) => bytes / 1_048_576;

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Idle RSS per app, the gateway's peak RSS after the load (undefined when no scenario ran on the
 * in-process gateway) and the cold start's median, each against its target.
 */
export function judgeFootprint(idle: IdleMemory[], gatewayAfterBytes: number | undefined, coldStartsMs: number[]): FootprintRow[] {
  const rows: FootprintRow[] = [];
  const row = (what: string, value: number, unit: FootprintRow['unit'], target: number) => rows.push({ what, value, unit, target, pass: value <= target });
  for (const { app, label, rssBytes } of idle) {
    row(`idle RSS: ${label}`, mb(rssBytes), 'MB', app === 'gateway' ? FOOTPRINT_TARGETS.gatewayIdleMb : FOOTPRINT_TARGETS.contextIdleMb);
  }
  if (gatewayAfterBytes !== undefined) row('RSS after the load: gateway, every context in-process (peak)', mb(gatewayAfterBytes), 'MB', FOOTPRINT_TARGETS.gatewayAfterMb);
  if (coldStartsMs.length) row(`cold start: node dist/apps/gateway/src/main.js → first 200 on /health (median of ${coldStartsMs.length})`, median(coldStartsMs), 'ms', FOOTPRINT_TARGETS.coldStartMs);
  return rows;
}

/** The footprint rows as a plain-text table. */
export function formatFootprint(rows: FootprintRow[]): string {
  const cells = rows.map((row) => [row.what, `${row.value.toFixed(0)} ${row.unit}`, row.target === undefined ? 'none' : `≤ ${row.target} ${row.unit}`, row.pass ? 'PASS' : 'FAIL']);
  const header = ['footprint', 'value', 'target', 'result'];
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}
