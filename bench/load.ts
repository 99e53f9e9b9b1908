import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { PINNING } from './pinning.js';
import type { BenchRequest } from './scenarios.js';
import { runWrk, wrkAvailable } from './wrk.js';

const AUTOCANNON = resolve(import.meta.dirname, '../node_modules/autocannon/autocannon.js');

/** One autocannon run, reduced to what the report needs. */
export interface LoadResult {
  requestsPerSecond: number;
  /** Responses received in the run (any status). */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses whose status was not the expected one, plus socket errors and timeouts. */
  failures: number;
  statusCounts: Record<string, number>;
}

export interface LoadOptions {
  durationSeconds: number;
  connections: number;
  pipelining: number;
  expectStatus: number;
}

interface AutocannonJson {
  duration: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number };
  requests: { total: number };
}

/** wrk when installed (and BENCH_LOAD is not `autocannon`): it costs far less CPU per request than autocannon. */
export const LOAD_GENERATOR: 'wrk' | 'autocannon' = process.env.BENCH_LOAD !== 'autocannon' && wrkAvailable() ? 'wrk' : 'autocannon';

/** One measured run with the load generator of this run (see LOAD_GENERATOR). */
export function runLoad(baseUrl: string, request: BenchRequest, options: LoadOptions): Promise<LoadResult> {
  return LOAD_GENERATOR === 'wrk' ? runWrk(baseUrl, request, options) : runAutocannon(baseUrl, request, options);
}

/**
 * Runs autocannon in its own process (its CLI with `--json`), so the load generator never shares
 * an event loop — or a CPU's worth of GC — with the harness or the servers.
 */
function runAutocannon(baseUrl: string, request: BenchRequest, options: LoadOptions): Promise<LoadResult> {
  const args = [AUTOCANNON, '--json', '--no-progress', '-c', String(options.connections), '-p', String(options.pipelining), '-d', String(options.durationSeconds), '-m', request.method];
  // autocannon's CLI sends one request: the first header variant only.
  for (const [name, value] of Object.entries({ ...request.headers, ...request.variants?.[0] })) args.push('-H', `${name}=${value}`);
  if (request.body !== undefined) args.push('-b', request.body);
  args.push(new URL(request.path, baseUrl).toString());
  return new Promise((done, fail) => {
    const command = [...PINNING.load, process.execPath, ...args];
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`autocannon exited with ${code}: ${stderr}`));
      try {
        const json = JSON.parse(stdout) as AutocannonJson;
        const statusCounts = Object.fromEntries(Object.entries(json.statusCodeStats).map(([status, stats]) => [status, stats.count]));
        const unexpected = Object.entries(statusCounts).filter(([status]) => Number(status) !== options.expectStatus).reduce((sum, [, count]) => sum + count, 0);
        done({
          requestsPerSecond: json.requests.total / json.duration,
          requests: json.requests.total,
          p50Ms: json.latency.p50,
          p99Ms: json.latency.p99,
          failures: unexpected + json.errors + json.timeouts,
          statusCounts,
        });
      } catch (error) {
        fail(new Error(`autocannon printed no JSON result (${String(error)}): ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`));
      }
    });
  });
}
