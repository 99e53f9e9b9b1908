/**
 * Benchmark settings, all from the environment so CI and humans can trade precision for time.
 * Defaults keep a whole `npm run bench` (build included) under about two minutes.
 */
export interface BenchConfig {
  /** Seconds per measured autocannon run. */
  durationSeconds: number;
  /** Measured rounds; each round runs every scenario against both servers, order alternating. */
  rounds: number;
  /** Seconds of unmeasured load per server and scenario before the first round (JIT, pools). */
  warmupSeconds: number;
  /** BENCH_CONNECTIONS when set: overrides every scenario's own `connections`. */
  connections?: number;
  pipelining: number;
  /** The product's LOG_LEVEL while measured; `info` (production's default) includes per-request logs. */
  productLogLevel: string;
  /** Skips `npm run build` (the dist/ output must exist). */
  skipBuild: boolean;
  /** Comma-separated scenario names to run; empty runs all. */
  only: string[];
}

/** Connections for scenarios that name none, when BENCH_CONNECTIONS is unset. */
export const DEFAULT_CONNECTIONS = 50;

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** The connections a scenario runs with: BENCH_CONNECTIONS, else its own, else the default. */
export function connectionsFor(config: BenchConfig, scenario: { connections?: number }): number {
  return config.connections ?? scenario.connections ?? DEFAULT_CONNECTIONS;
}

/** Reads BENCH_* variables; throws on nonsense so a typo does not silently run the defaults. */
export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  return {
    durationSeconds: positiveNumber(env, 'BENCH_DURATION', 5),
    rounds: Math.round(positiveNumber(env, 'BENCH_ROUNDS', 3)),
    warmupSeconds: positiveNumber(env, 'BENCH_WARMUP', 2),
    connections: env.BENCH_CONNECTIONS ? Math.round(positiveNumber(env, 'BENCH_CONNECTIONS', DEFAULT_CONNECTIONS)) : undefined,
    pipelining: Math.round(positiveNumber(env, 'BENCH_PIPELINING', 1)),
    productLogLevel: env.BENCH_LOG_LEVEL || 'info',
    skipBuild: env.BENCH_SKIP_BUILD === '1',
    only: (env.BENCH_ONLY ?? '').split(',').map((name) => name.trim()).filter(Boolean),
  };
}
