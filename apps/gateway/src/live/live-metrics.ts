import { Injectable } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';

// Built when the app is instantiated, after the platform emptied the registry; an app booted
// again in the same process (tests) finds its metric there and reuses it.
function metric<M>(name: string, create: () => M, isSame: (found: unknown) => found is M): M {
  const found = register.getSingleMetric(name);
  return found !== undefined && isSame(found) ? found : create();
}

/** Names of the live-updates series (the app is a label). */
export const LIVE_METRICS = {
  sockets: 'ficus_live_sockets',
  closes: 'ficus_live_socket_closes_total',
} as const;

/** Open live-updates sockets of this gateway instance, and closed ones by close code. */
@Injectable()
export class LiveMetrics {
  private readonly sockets: Gauge;
  private readonly closes: Counter<'code'>;

  constructor() {
    this.sockets = metric(LIVE_METRICS.sockets, () => new Gauge({
      name: LIVE_METRICS.sockets,
      help: 'Open live-updates WebSockets (GET /ws) of this instance',
      registers: [register],
    }), (found): found is Gauge => found instanceof Gauge);
    this.closes = metric(LIVE_METRICS.closes, () => new Counter({
      name: LIVE_METRICS.closes,
      help: 'Closed live-updates WebSockets by close code (4001 token, 4008 too slow, 1006 dropped, …)',
      labelNames: ['code'],
      registers: [register],
    }), (found): found is Counter<'code'> => found instanceof Counter);
  }

  opened(): void {
    this.sockets.inc();
  }

  closed(code: number): void {
    this.sockets.dec();
    this.closes.inc({ code: String(code) });
  }
}
