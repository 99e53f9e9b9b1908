import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * How one attempt (or, for `fallback`, one call) ended, as counted by the calls counter;
 * `cancelled`: the caller gave up first (says nothing about the dependency).
 */
export type CallOutcome = 'success' | 'failure' | 'timeout' | 'rejected' | 'fallback' | 'cancelled';

/** Breaker state as the state gauge reports it. */
export type BreakerState = 'closed' | 'half-open' | 'open';

/** Names of the series; the app is a label (prom-client's default labels), never part of a name. */
export const RESILIENCE_METRICS = {
  state: 'ficus_circuit_breaker_state',
  calls: 'ficus_circuit_breaker_calls_total',
  retries: 'ficus_retries_total',
} as const;

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

// prom-client refuses a second metric of the same name on a registry; a second Resilience on
// the same registry (another module, a test booting the app again) shares the first one's.
function existingOrNew<M>(registry: Registry, name: string, create: () => M, isSame: (metric: unknown) => metric is M): M {
  const existing = registry.getSingleMetric(name);
  if (existing === undefined) return create();
  if (isSame(existing)) return existing;
  throw new Error(`Metric ${name} is already registered with another type`);
}

const isGauge = (metric: unknown): metric is Gauge<'breaker'> => metric instanceof Gauge;
const isCounter = <L extends string>(metric: unknown): metric is Counter<L> => metric instanceof Counter;

/**
 * `ficus_circuit_breaker_state{breaker}` (0 closed, 1 half-open, 2 open),
 * `ficus_circuit_breaker_calls_total{breaker,outcome}` and `ficus_retries_total{breaker}`
 * on the given registry.
 */
export class ResilienceMetrics {
  private readonly state: Gauge<'breaker'>;
  private readonly calls: Counter<'breaker' | 'outcome'>;
  private readonly retries: Counter<'breaker'>;

  constructor(registry: Registry) {
    const { state, calls, retries } = RESILIENCE_METRICS;
    this.state = existingOrNew(
      registry,
      state,
      () => new Gauge({ name: state, help: 'Circuit breaker state per dependency: 0 closed, 1 half-open, 2 open', labelNames: ['breaker'], registers: [registry] }),
      isGauge,
    );
    this.calls = existingOrNew(
      registry,
      calls,
      () => new Counter({ name: calls, help: 'Attempts against a dependency by outcome (fallback: calls answered by a fallback)', labelNames: ['breaker', 'outcome'], registers: [registry] }),
      isCounter<'breaker' | 'outcome'>,
    );
    this.retries = existingOrNew(
      registry,
      retries,
      () => new Counter({ name: retries, help: 'Attempts against a dependency that retried a failed one (after its backoff)', labelNames: ['breaker'], registers: [registry] }),
      isCounter<'breaker'>,
    );
  }

  /** Records the breaker's current state. */
  setState(breaker: string, state: BreakerState): void {
    this.state.set({ breaker }, STATE_VALUE[state]);
  }

  /** Counts one outcome. */
  count(breaker: string, outcome: CallOutcome): void {
    this.calls.inc({ breaker, outcome });
  }

  /** Counts one retry (an attempt after the first of its call). */
  countRetry(breaker: string): void {
    this.retries.inc({ breaker });
  }
}
