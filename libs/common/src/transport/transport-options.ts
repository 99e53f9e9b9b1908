import { ClientProxyFactory, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { ContextName } from '../config/contexts.js';
import type { TransportSettings } from '../config/transport.settings.js';
import { PrefixedClientNats, PrefixedServerNats, type NatsConnection } from './prefixed-nats.js';
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
function natsConnection(config: TransportSettings): NatsConnection {
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
  return new PrefixedClientNats({ ...natsConnection(config), inboxPrefix: `_INBOX.${app}` }, config.NATS_SUBJECT_PREFIX);
}

/**
 * How a context app serves its context: over TCP when its `<CONTEXT>_TRANSPORT` says `tcp`,
 * else over NATS (a context app is remote by definition, so `local` means the default, NATS).
 */
export function serverOptionsFor(context: ContextName, config: TransportSettings): MicroserviceOptions {
  if (config.transportFor(context) === 'tcp') {
    const tls = config.tcpTls();
    if (tls && (!tls.cert || !tls.key)) {
      throw new Error(`TCP_TLS is on, so the ${context} app needs TCP_TLS_CERT and TCP_TLS_KEY (or their _FILE variants) to serve over TCP`);
    }
    const tlsOptions = tls && { cert: tls.cert, key: tls.key };
    return { transport: Transport.TCP, options: { ...config.tcpAddressFor(context), ...(tlsOptions ? { tlsOptions } : {}) } };
  }
  const prefix = config.NATS_SUBJECT_PREFIX;
  return { strategy: new PrefixedServerNats({ ...natsConnection(config), queue: queueGroup(context, prefix) }, prefix) };
}
