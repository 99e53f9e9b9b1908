import { ClientProxyFactory, Transport, type CustomStrategy } from '@nestjs/microservices';
import type { ContextName } from '../config/contexts.js';
import type { TransportSettings } from '../config/transport.settings.js';
import type { ReadinessRegistry } from '../health/readiness.registry.js';
import { BoundedServerTcp } from './bounded-server-tcp.js';
import { inboundLimits } from './inbound-limits.js';
import type { InboundRejections } from './inbound-rejections.js';
import { NatsLink } from './nats-link.js';
import { PrefixedClientNats, PrefixedServerNats, type NatsEndpoint } from './prefixed-nats.js';
import type { MessageClient } from './message-client.js';

/** The event a caller sends a context when it no longer wants an answer (see CallCancellations). */
export function cancelPattern(context: ContextName): string {
  return `${context}.cancel`;
}

/** The pattern every context app answers for readiness pings. */
export function pingPattern(context: ContextName): string {
  return `${context}.ping`;
}

/**
 * NATS queue group of a context: every instance subscribes in it, so each message goes to
 * exactly one live instance and N instances share the load.
 */
export function queueGroup(context: ContextName, prefix = ''): string {
  return `${prefix}ficus.${context}`;
}

/**
 * The subject (NATS) or pattern (TCP) a facade pattern travels under — what both sides sign,
 * since it is what the receiver sees.
 */
export function subjectFor(context: ContextName, pattern: string, config: TransportSettings): string {
  return config.transportFor(context) === 'tcp' ? pattern : `${config.NATS_SUBJECT_PREFIX}${pattern}`;
}

/** How an app connects to NATS: the server, and its own NATS user when one is configured. */
function natsEndpoint(config: TransportSettings): NatsEndpoint {
  return { servers: [config.NATS_URL], ...(config.NATS_USER ? { user: config.NATS_USER, pass: config.NATS_PASSWORD } : {}) };
}

/**
 * The client app `app` reaches a remote context (`nats` or `tcp`) with. On NATS its replies come
 * to inboxes of its own (`_INBOX.<app>.…`), so a NATS user per app can be allowed to read its
 * own replies only (deploy/nats/nats-server.conf).
 */
export function createContextClient(context: ContextName, config: TransportSettings, app: string): MessageClient {
  if (config.transportFor(context) === 'tcp') {
    const tls = config.tcpTls();
    // The context app's certificate is checked against TCP_TLS_CA (or the system CAs) and its host.
    const tlsOptions = tls && { ca: tls.ca };
    return ClientProxyFactory.create({ transport: Transport.TCP, options: { ...config.tcpAddressFor(context), ...(tlsOptions ? { tlsOptions } : {}) } });
  }
  const link = new NatsLink(`to ${context}`, `calls to ${context} fail with 503 until it is back`);
  return new PrefixedClientNats({ ...natsEndpoint(config), inboxPrefix: `_INBOX.${app}` }, config.NATS_SUBJECT_PREFIX, link);
}

/**
 * How a context app serves its context: over TCP when its `<CONTEXT>_TRANSPORT` says `tcp`,
 * else over NATS (a context app is remote by definition, so `local` means the default, NATS).
 * Either way within the {@link inboundLimits} of what it reads before knowing the sender;
 * `rejections` counts what it refuses.
 */
export function serverOptionsFor(context: ContextName, config: TransportSettings, rejections: InboundRejections): CustomStrategy {
  const limits = inboundLimits(config);
  if (config.transportFor(context) === 'tcp') {
    const tls = config.tcpTls();
    if (tls && (!tls.cert || !tls.key)) {
      throw new Error(`TCP_TLS is on, so the ${context} app needs TCP_TLS_CERT and TCP_TLS_KEY (or their _FILE variants) to serve over TCP`);
    }
    const tlsOptions = tls && { cert: tls.cert, key: tls.key };
    return { strategy: new BoundedServerTcp({ ...config.tcpAddressFor(context), ...(tlsOptions ? { tlsOptions } : {}) }, limits, rejections) };
  }
  const prefix = config.NATS_SUBJECT_PREFIX;
  const link = new NatsLink(`serving ${context}`, 'not ready until it is back');
  const inbound = { maxMessageBytes: limits.maxMessageBytes, rejections };
  // waitOnFirstConnect: the first connection is retried like every later one, so an app started
  // while NATS is down waits for it (not ready meanwhile) instead of failing its start.
  const options = { ...natsEndpoint(config), queue: queueGroup(context, prefix), waitOnFirstConnect: true };
  return { strategy: new PrefixedServerNats(options, prefix, link, inbound) };
}

/**
 * What a context app's `/ready` says about its own transport: on NATS, `nats` is down while the
 * connection is lost (the process stays live and reconnects by itself). A TCP listener has no
 * such state.
 */
export function registerServerReadiness(server: CustomStrategy, readiness: ReadinessRegistry): void {
  if (server.strategy instanceof PrefixedServerNats) readiness.register('nats', server.strategy.link.readinessCheck);
}
