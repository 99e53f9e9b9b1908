import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { AppConfig } from '@ficus/common';
import { ACCESS_TOKEN_ALGORITHM, AUTH_FACADE, type AuthFacade } from '@ficus/contracts/auth';

/** Unknown key ids trigger a JWKS refresh at most this often (a flood of forged kids costs one fetch). */
const REFRESH_INTERVAL_MS = 30_000;

/**
 * Auth's public keys by key id, fetched through the auth facade (in-process or remote — the
 * same JWKS either way) and turned into KeyObjects once per key, never per request.
 */
@Injectable()
export class VerificationKeys {
  private keys = new Map<string, KeyObject>();
  private lastRefresh = 0;
  private refreshing?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    @Inject(AUTH_FACADE) private readonly auth: AuthFacade,
  ) {}

  /** The key for `kid`, if auth publishes one; refreshes the set (rate-limited) on a miss. */
  async load(kid: string, requestId: string): Promise<KeyObject | undefined> {
    const known = this.keys.get(kid);
    if (known || Date.now() - this.lastRefresh < REFRESH_INTERVAL_MS) return known;
    this.refreshing ??= this.refresh(requestId).finally(() => (this.refreshing = undefined));
    await this.refreshing;
    return this.keys.get(kid);
  }

  /** Synchronous lookup of a key already loaded (whether auth still publishes it). */
  get(kid: string): KeyObject | undefined {
    return this.keys.get(kid);
  }

  private async refresh(requestId: string): Promise<void> {
    const { keys } = await this.auth.jwks({}, { requestId, callId: randomUUID(), deadline: Date.now() + this.config.REMOTE_CALL_TIMEOUT_MS });
    this.keys = new Map(
      keys.filter((jwk) => jwk.alg === ACCESS_TOKEN_ALGORITHM).map((jwk) => [jwk.kid, createPublicKey({ key: { ...jwk }, format: 'jwk' })]),
    );
    this.lastRefresh = Date.now();
  }
}
