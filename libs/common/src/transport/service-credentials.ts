import { createHmac, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { TransportSettings } from '../config/transport.settings.js';
import type { CallContext } from '../contracts/call-context.js';
import { attestationKey, CallerAttestations, EDGE_APP } from './caller-attestations.js';
import type { TraceCarrier } from '../tracing/message-tracing.js';
import type { ServiceCredential } from './message-envelope.js';
import { linkKey, parsePrivateKeys, parsePublicKeys } from './service-keys.js';
import { serviceUnauthenticated } from './transport-errors.js';

/** How far a message's signing time may lie from the receiver's clock (with its deadline, the replay window). */
export const CREDENTIAL_MAX_SKEW_MS = 60_000;

function canonical(pattern: string, service: string, issuedAt: number, id: string, payload: unknown, call: CallContext, trace?: TraceCarrier): string {
  // Both sides serialise the same JSON values (the receiver's are parsed from the sender's),
  // and JSON.parse keeps key order, so the strings match byte for byte. A trace context adds a
  // line: removing it from a signed message, or adding one, breaks the signature.
  const lines = [pattern, service, String(issuedAt), id, JSON.stringify(payload ?? null), JSON.stringify(call)];
  if (trace !== undefined) lines.push(JSON.stringify(trace));
  return lines.join('\n');
}

const isCredential = (value: unknown): value is ServiceCredential => {
  const credential = value as Partial<ServiceCredential> | undefined;
  return typeof credential === 'object' && credential !== null && typeof credential.signature === 'string' && typeof credential.service === 'string'
    && typeof credential.issuedAt === 'number' && typeof credential.id === 'string';
};

/**
 * Signs and checks messages between apps, so a handler acts only on messages from an app it
 * knows, whatever the transport (TCP has no auth at all; NATS credentials say who may connect,
 * not who sent a message). Each app has a key of its own (`SERVICE_PRIVATE_KEYS`) and knows
 * the others' public keys (`SERVICE_PUBLIC_KEYS`); each pair of apps derives a key only the two
 * of them hold (see linkKey), and every message carries an HMAC under its link's key. So an app
 * speaks for itself alone: one whose key leaks cannot pass itself off as another. The first
 * private key and the first public key of each peer make what this app sends; every combination
 * is accepted, which allows rotation.
 */
export class ServiceCredentials {
  private readonly sending = new Map<string, Buffer>();
  private readonly receiving = new Map<string, Buffer[]>();
  /** The edge's word on callers: given at the edge, checked by context apps (see CallerAttestations). */
  readonly callers: CallerAttestations;

  constructor(
    /** This app's name, e.g. `gateway`. */
    readonly service: string,
    privateKeys: readonly KeyObject[],
    publicKeys: ReadonlyMap<string, readonly KeyObject[]>,
    private readonly now: () => number = Date.now,
  ) {
    const [signing] = privateKeys;
    for (const [peer, keys] of publicKeys) {
      const [preferred] = keys;
      if (peer === service || !signing || !preferred) continue;
      this.sending.set(peer, linkKey(signing, preferred, service, peer));
      this.receiving.set(peer, privateKeys.flatMap((own) => keys.map((key) => linkKey(own, key, peer, service))));
    }
    const issuing = service === EDGE_APP ? [...this.sending].map(([peer, key]) => [peer, attestationKey(key)] as const) : [];
    this.callers = new CallerAttestations(service, new Map(issuing), (this.receiving.get(EDGE_APP) ?? []).map(attestationKey));
  }

  /** The credentials of app `service` from its validated configuration (none when no key is configured). */
  static fromConfig(service: string, config: Pick<TransportSettings, 'SERVICE_PRIVATE_KEYS' | 'SERVICE_PUBLIC_KEYS'>): ServiceCredentials {
    const privateKeys = config.SERVICE_PRIVATE_KEYS ? parsePrivateKeys(config.SERVICE_PRIVATE_KEYS) : [];
    return new ServiceCredentials(service, privateKeys, parsePublicKeys(config.SERVICE_PUBLIC_KEYS));
  }

  /** Whether this app can sign messages to `peer` (it has its own key and the peer's). */
  canReach(peer: string): boolean {
    return this.sending.has(peer);
  }

  /** A credential for a message to the app `receiver`: a fresh message id, the time, and the HMAC of its link (over the trace context too, when given). */
  sign(receiver: string, pattern: string, payload: unknown, call: CallContext, trace?: TraceCarrier): ServiceCredential {
    const key = this.sending.get(receiver);
    if (!key) throw new Error(`Messages to ${receiver} cannot be signed: SERVICE_PRIVATE_KEYS and a SERVICE_PUBLIC_KEYS entry of ${receiver} are needed`);
    const issuedAt = this.now();
    const id = randomUUID();
    return { service: this.service, issuedAt, id, signature: this.mac(key, canonical(pattern, this.service, issuedAt, id, payload, call, trace)) };
  }

  /**
   * Throws a 401 ProblemException unless the credential is valid for this message now: signed by
   * the app it names (`from`, when given, must be that app) for this app, and not stale. `trace`
   * is the message's trace context as received, if it carried one.
   */
  verify(pattern: string, payload: unknown, call: CallContext, credential: unknown, from?: string, trace?: TraceCarrier): asserts credential is ServiceCredential {
    if (!isCredential(credential)) throw serviceUnauthenticated('The message carries no service credential.');
    if (from !== undefined && credential.service !== from) throw serviceUnauthenticated(`The message is not signed by ${from}.`);
    if (Math.abs(this.now() - credential.issuedAt) > CREDENTIAL_MAX_SKEW_MS) throw serviceUnauthenticated('The service credential is stale.');
    const presented = Buffer.from(credential.signature, 'base64url');
    const text = canonical(pattern, credential.service, credential.issuedAt, credential.id, payload, call, trace);
    const valid = (this.receiving.get(credential.service) ?? []).some((key) => {
      const expected = Buffer.from(this.mac(key, text), 'base64url');
      return expected.length === presented.length && timingSafeEqual(expected, presented);
    });
    if (!valid) throw serviceUnauthenticated('The service credential is not valid.');
  }

  /** Whether `verify` would accept this message now (it has no side effects). */
  accepts(pattern: string, payload: unknown, call: CallContext, credential: unknown, trace?: TraceCarrier): credential is ServiceCredential {
    try {
      this.verify(pattern, payload, call, credential, undefined, trace);
      return true;
    } catch {
      return false;
    }
  }

  private mac(key: Buffer, text: string): string {
    return createHmac('sha256', key).update(text).digest('base64url');
  }
}
