import { Injectable } from '@nestjs/common';
import { Gauge, register, type Registry } from 'prom-client';
import { READINESS_CHECK_TIMEOUT_MS, ReadinessRegistry, type ReadinessCheck } from '../health/readiness.registry.js';

/** Names of the readiness gauges. */
export const READINESS_METRICS = { ready: 'ficus_ready', check: 'ficus_readiness_check' } as const;

/** Resolves true when the check passes within the readiness timeout; never throws. */
function passes(check: ReadinessCheck): Promise<boolean> {
  const signal = AbortSignal.timeout(READINESS_CHECK_TIMEOUT_MS);
  return new Promise<boolean>((resolve) => {
    const timedOut = () => resolve(false);
    signal.addEventListener('abort', timedOut, { once: true });
    check(signal).then(
      () => resolve(true),
      () => resolve(false),
    ).finally(() => signal.removeEventListener('abort', timedOut));
  });
}

/**
 * Readiness as metrics, evaluated when Prometheus scrapes: `ficus_ready` is 1 exactly when
 * `/ready` would answer 200 (0 while draining), `ficus_readiness_check{check}` 1 per passing
 * check. Both gauges of one scrape share one run of the checks; failures are not logged here
 * (`/ready` does that), so a long outage does not fill the log at the scrape rate.
 */
@Injectable()
export class ReadinessMetrics {
  private readonly ready: Gauge;
  private readonly checks: Gauge<'check'>;
  private running?: Promise<Map<string, boolean>>;

  constructor(
    private readonly readiness: ReadinessRegistry,
    registry: Registry = register,
  ) {
    this.ready = new Gauge({
      name: READINESS_METRICS.ready,
      help: 'Whether the app is ready for traffic (1) or not (0), as /ready answers',
      registers: [registry],
      collect: async () => {
        const results = await this.evaluate();
        this.ready.set(!this.readiness.isDraining && [...results.values()].every(Boolean) ? 1 : 0);
      },
    });
    this.checks = new Gauge({
      name: READINESS_METRICS.check,
      help: 'Whether a readiness check passes (1) or not (0), by check',
      labelNames: ['check'],
      registers: [registry],
      collect: async () => {
        const results = await this.evaluate();
        this.checks.reset();
        for (const [check, passed] of results) this.checks.set({ check }, passed ? 1 : 0);
      },
    });
  }

  private evaluate(): Promise<Map<string, boolean>> {
    this.running ??= (async () => {
      const entries = this.readiness.entries();
      const results = await Promise.all(entries.map(([, check]) => passes(check)));
      return new Map(entries.map(([name], index) => [name, results[index]]));
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
