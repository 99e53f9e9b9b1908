import { Counter, register, type Registry } from 'prom-client';
import { OutageLog } from '../logging/outage-log.js';

/** Why a context app refused something on its transport before it could check the sender. */
export type InboundRejection =
  /** A message (NATS) or frame (TCP) larger than any trusted caller sends. */
  | 'too_large'
  /** TCP bytes that are not a frame: no length where one must be, or a frame that is not JSON. */
  | 'bad_frame'
  /** TCP: a frame (or a new connection's first one) that did not arrive whole in time. */
  | 'frame_timeout'
  /** TCP: a connection beyond TCP_MAX_CONNECTIONS. */
  | 'connection_limit';

const WHAT: Record<InboundRejection, string> = {
  too_large: 'a message larger than the app accepts',
  bad_frame: 'bytes that are no message frame',
  frame_timeout: 'a message frame that did not arrive in time',
  connection_limit: 'a connection beyond TCP_MAX_CONNECTIONS',
};

/**
 * Counts what a context app refuses on its transport before authentication, in
 * `ficus_transport_rejected_total{transport,reason}` (the app is the `app` label), and logs it at most once per 10 s, so a
 * stranger's flood costs neither work nor log lines.
 */
export class InboundRejections {
  private readonly rejected: Counter<'transport' | 'reason'>;
  private readonly log = new OutageLog(InboundRejections.name, (what) => `Refused ${what} before authentication (see transport_rejected_total)`);

  constructor(registry: Registry = register) {
    this.rejected = new Counter({
      name: 'ficus_transport_rejected_total',
      help: 'Messages and connections refused on the transport between apps before authentication, by transport and reason',
      labelNames: ['transport', 'reason'],
      registers: [registry],
    });
  }

  count(transport: 'nats' | 'tcp', reason: InboundRejection): void {
    this.rejected.inc({ transport, reason });
    this.log.report(`${WHAT[reason]} on ${transport.toUpperCase()}`);
  }
}
