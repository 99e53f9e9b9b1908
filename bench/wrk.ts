import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LoadOptions, LoadResult } from './load.js';
import { PINNING } from './pinning.js';
import type { BenchRequest } from './scenarios.js';
import { WORK_DIR } from './server-process.js';

/** True when `wrk` is on PATH (`apt-get install -y wrk`). */
export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** A Lua long string: no escaping needed as long as the text never holds the closing bracket. */
function lua(text: string): string {
  if (text.includes(']==]')) throw new Error('request text holds "]==]"');
  return `[==[${text}]==]`;
}

/**
 * wrk's script for one request: every request pre-formatted once in `init`, then cycled through,
 * one per header variant (e.g. one bearer token per user), so the script costs wrk nearly nothing.
 */
function script(request: BenchRequest): string {
  const variants = request.variants?.length ? request.variants : [{}];
  const formatted = variants.map((variant) => {
    const headers = { ...request.headers, ...variant };
    const table = Object.entries(headers).map(([name, value]) => `[ ${lua(name)} ] = ${lua(value)}`).join(', ');
    return `wrk.format(${lua(request.method)}, ${lua(request.path)}, { ${table} }, ${request.body === undefined ? 'nil' : lua(request.body)})`;
  });
  return [
    'local requests = {}',
    'local next = 0',
    `function init(args) requests = { ${formatted.join(', ')} } end`,
    'function request() next = next % #requests + 1; return requests[next] end',
    '',
  ].join('\n');
}

const UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function milliseconds(text: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
  return match ? Number(match[1]) * UNITS[match[2]] : Number.NaN;
}

/** Reads wrk's `--latency` report. */
export function parseWrk(output: string): Omit<LoadResult, 'statusCounts'> & { non2xx: number } {
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? Number.NaN);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = socketErrors ? socketErrors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0;
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const requests = number(/(\d+) requests in/);
  const duration = /requests in ([\d.]+\w+),/.exec(output)?.[1];
  return {
    requests,
    requestsPerSecond: requests / (milliseconds(duration) / 1000),
    p50Ms: milliseconds(/^\s+50%\s+(\S+)\s*$/m.exec(output)?.[1]),
    p99Ms: milliseconds(/^\s+99%\s+(\S+)\s*$/m.exec(output)?.[1]),
    failures: errors + (non2xx ? Number(non2xx[1]) : 0),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
  };
}

/**
 * One wrk run (`-t1`, pinned away from the servers when possible). wrk counts only "non-2xx or
 * 3xx" answers, so every scenario's expected status is 2xx and checked exactly before the load.
 */
export function runWrk(baseUrl: string, request: BenchRequest, options: LoadOptions): Promise<LoadResult> {
  mkdirSync(WORK_DIR, { recursive: true });
  const scriptFile = resolve(WORK_DIR, `wrk-${process.pid}.lua`);
  writeFileSync(scriptFile, script(request));
  const args = [...PINNING.load, 'wrk', '-t1', `-c${options.connections}`, `-d${options.durationSeconds}s`, '--timeout', '10s', '--latency', '-s', scriptFile, baseUrl];
  return new Promise((done, fail) => {
    const child = spawn(args[0], args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      // The last run's report, for a second look at what the table summarises.
      writeFileSync(resolve(WORK_DIR, 'wrk-last.txt'), stdout + stderr);
      const parsed = parseWrk(stdout);
      if (code !== 0 || !Number.isFinite(parsed.requestsPerSecond)) return fail(new Error(`wrk exited with ${code}: ${stdout.slice(0, 800)} ${stderr.slice(0, 500)}`));
      const { non2xx, ...result } = parsed;
      const statusCounts: Record<string, number> = { [String(options.expectStatus)]: result.requests - non2xx };
      if (non2xx) statusCounts['other'] = non2xx;
      done({ ...result, statusCounts });
    });
  });
}
