import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Where servers and the load generator run. On a machine with at least two CPUs and `taskset`
 * the servers share CPU 0 and the load generator gets CPU 1, so the load generator never takes
 * the servers' CPU time (PostgreSQL and NATS stay unpinned). `BENCH_PIN=0` turns it off.
 */
export interface Pinning {
  /** Prefix for a server's command line, e.g. `['taskset', '-c', '0']`; empty when not pinned. */
  server: string[];
  /** Prefix for the load generator's command line. */
  load: string[];
  /** For the report header. */
  summary: string;
}

function hasTaskset(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

/** Pins when BENCH_PIN is not `0`, the machine has two CPUs or more and `taskset` works. */
export function pinning(env: NodeJS.ProcessEnv = process.env): Pinning {
  if (env.BENCH_PIN === '0') return { server: [], load: [], summary: 'not pinned (BENCH_PIN=0)' };
  if (availableParallelism() < 2 || !hasTaskset()) return { server: [], load: [], summary: 'not pinned (needs 2 CPUs and taskset)' };
  return { server: ['taskset', '-c', '0'], load: ['taskset', '-c', '1'], summary: 'servers pinned to CPU 0, load generator to CPU 1 (taskset)' };
}

/** Computed once per run: every spawn asks. */
export const PINNING = pinning();
