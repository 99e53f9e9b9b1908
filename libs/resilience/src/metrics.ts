import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * How one attempt (or, for `fallback`, one call) ended, as counted by the calls counter;
 * `cancelled`: the caller gave up first (says nothing about the dependency).
 */
export type CallOutcome = 'success' | 'failure' | 'timeout' | 'rejected' | 'fallback' | 'cancelled';

/** Breaker state as the state gauge reports it. */
export type BreakerState = 'closed' | 'half-open' | 'open';

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

// prom-client refuses a second metric of the same name on a registry; a second Resilience on
// the same registry (another module, a test booting the app again) shares the first one's.
function existingOrNew<M>(registry: Registry, name: string, create: () => M, isSame: (metric: unknown) => metric is M): M {
  const existing = registry.getSingleMetric(name);
  if (existing === undefined) return create();
  if (isSame(existing)) return existing;
  throw new Error(`Metric ${name} is already registered with another type`);
}

/**
 * `<prefix>circuit_breaker_state{breaker}` (0 closed, 1 half-open, 2 open) and
 * `<prefix>circuit_breaker_calls_total{breaker,outcome}` on the given registry.
 */
export class ResilienceMetrics {
  private readonly state: Gauge<'breaker'>;
  private readonly calls: Counter<'breaker' | 'outcome'>;

  constructor(registry: Registry, prefix: string) {
    const stateName = `${prefix}circuit_breaker_state`;
    const callsName = `${prefix}circuit_breaker_calls_total`;
    this.state = existingOrNew(
      registry,
      stateName,
      () => new Gauge({ name: stateName, help: 'Circuit breaker state per dependency: 0 closed, 1 half-open, 2 open', labelNames: ['breaker'], registers: [registry] }),
      (metric): metric is Gauge<'breaker'> => metric instanceof Gauge,
    );
    this.calls = existingOrNew(
      registry,
      callsName,
      () => new Counter({ name: callsName, help: 'Attempts against a dependency by outcome (fallback: calls answered by a fallback)', labelNames: ['breaker', 'outcome'], registers: [registry] }),
      (metric): metric is Counter<'breaker' | 'outcome'> => metric instanceof Counter,
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
}
