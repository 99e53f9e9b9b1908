import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallContext } from '../contracts/call-context.js';
import { ProblemException } from '../errors/problem.exception.js';
import type { ServiceCredential } from './message-envelope.js';

/** How far a message's signing time may lie from the receiver's clock (replay window). */
export const CREDENTIAL_MAX_SKEW_MS = 60_000;

/** Error code of messages refused for a missing, wrong or stale service credential. */
export const SERVICE_UNAUTHENTICATED = 'service.unauthenticated';

function canonical(pattern: string, service: string, issuedAt: number, payload: unknown, call: CallContext): string {
  // Both sides serialise the same JSON values (the receiver's are parsed from the sender's),
  // and JSON.parse keeps key order, so the strings match byte for byte.
  return [pattern, service, String(issuedAt), JSON.stringify(payload ?? null), JSON.stringify(call)].join('\n');
}

/**
 * Signs and checks messages between apps with shared secrets (`SERVICE_SECRETS`), so a handler
 * acts only on messages from a trusted service whatever the transport (TCP has no auth at all;
 * NATS credentials say who may connect, not who sent a message). The first secret signs; any
 * configured secret verifies, which allows rotation.
 */
export class ServiceCredentials {
  private readonly keys: Buffer[];

  constructor(
    secrets: readonly string[],
    private readonly service: string,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = secrets.map((secret) => Buffer.from(secret, 'utf8'));
  }

  sign(pattern: string, payload: unknown, call: CallContext): ServiceCredential {
    const [key] = this.keys;
    if (!key) throw new Error('SERVICE_SECRETS is not configured: remote calls cannot be signed');
    const issuedAt = this.now();
    return { service: this.service, issuedAt, signature: this.mac(key, canonical(pattern, this.service, issuedAt, payload, call)) };
  }

  /** Throws a 401 ProblemException unless the credential is valid for this message now. */
  verify(pattern: string, payload: unknown, call: CallContext, credential: ServiceCredential | undefined): void {
    if (!credential || typeof credential.signature !== 'string' || typeof credential.service !== 'string' || typeof credential.issuedAt !== 'number') {
      throw this.refused('The message carries no service credential.');
    }
    if (Math.abs(this.now() - credential.issuedAt) > CREDENTIAL_MAX_SKEW_MS) throw this.refused('The service credential is stale.');
    const presented = Buffer.from(credential.signature, 'base64url');
    const text = canonical(pattern, credential.service, credential.issuedAt, payload, call);
    const valid = this.keys.some((key) => {
      const expected = Buffer.from(this.mac(key, text), 'base64url');
      return expected.length === presented.length && timingSafeEqual(expected, presented);
    });
    if (!valid) throw this.refused('The service credential is not valid.');
  }

  /** Whether `verify` would accept this message now (it has no side effects). */
  accepts(pattern: string, payload: unknown, call: CallContext, credential: ServiceCredential | undefined): boolean {
    try {
      this.verify(pattern, payload, call, credential);
      return true;
    } catch {
      return false;
    }
  }

  private mac(key: Buffer, text: string): string {
    return createHmac('sha256', key).update(text).digest('base64url');
  }

  private refused(detail: string): ProblemException {
    return new ProblemException({ status: 401, type: 'service-unauthenticated', code: SERVICE_UNAUTHENTICATED, detail });
  }
}
