import { Transport, type ClientOptions, type MicroserviceOptions } from '@nestjs/microservices';
import type { ContextName } from '../config/contexts.js';
import type { TransportSettings } from '../config/transport.settings.js';

/** The pattern every context app answers for readiness pings. */
export function pingPattern(context: ContextName): string {
  return `${context}.ping`;
}

/**
 * NATS queue group of a context: every instance subscribes in it, so each message goes to
 * exactly one live instance and N instances share the load.
 */
export function queueGroup(context: ContextName): string {
  return `ficus.${context}`;
}

/** How callers reach a context that runs remotely (`nats` or `tcp`). */
export function clientOptionsFor(context: ContextName, config: TransportSettings): ClientOptions {
  if (config.transportFor(context) === 'tcp') {
    return { transport: Transport.TCP, options: config.tcpAddressFor(context) };
  }
  return { transport: Transport.NATS, options: { servers: [config.NATS_URL] } };
}

/**
 * How a context app serves its context: over TCP when its `<CONTEXT>_TRANSPORT` says `tcp`,
 * else over NATS (a context app is remote by definition, so `local` means the default, NATS).
 */
export function serverOptionsFor(context: ContextName, config: TransportSettings): MicroserviceOptions {
  if (config.transportFor(context) === 'tcp') {
    return { transport: Transport.TCP, options: config.tcpAddressFor(context) };
  }
  return { transport: Transport.NATS, options: { servers: [config.NATS_URL], queue: queueGroup(context) } };
}
