import type { CallerIdentity } from '@ficus/common';

/** Tokens remembered at most; beyond this the least recently used is forgotten (≈ 1 KB each). */
export const VERIFIED_TOKENS_MAX = 10_000;

interface VerifiedToken {
  identity: CallerIdentity;
  /** The key that verified the signature: once auth stops publishing it, the entry is void. */
  kid: string;
  /** The `exp` claim (epoch seconds). */
  expiresAt: number;
}

/**
 * Access tokens whose signature and claims have been verified, by their exact text, until they
 * expire — so a client's repeated requests cost a Map lookup instead of an ES256 verification
 * (≈ 0.1–0.2 ms of CPU each). Only what cannot change for the same bytes is remembered:
 * signature, header and claims. What can change is checked on every use: expiry (with the same
 * clock tolerance as the JWT library), whether the signing key is still published, and — by the
 * caller, never cached — whether the session was revoked.
 *
 * Bounded LRU (a Map keeps insertion order; a hit moves the entry to the end). Only tokens that
 * passed verification enter, so forged tokens cannot fill it.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly maxEntries = VERIFIED_TOKENS_MAX) {}

  /**
   * The caller a token was verified for, if it was and is still valid at `nowMs` given
   * `clockToleranceS` and the keys still published; stale entries are dropped.
   */
  get(token: string, nowMs: number, clockToleranceS: number, keyPublished: (kid: string) => boolean): CallerIdentity | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    // jsonwebtoken's rule: expired once floor(now) >= exp + clockTolerance.
    if (Math.floor(nowMs / 1000) >= entry.expiresAt + clockToleranceS || !keyPublished(entry.kid)) return undefined;
    this.entries.set(token, entry);
    return { ...entry.identity, roles: [...entry.identity.roles] };
  }

  /** Remembers a token that just passed verification. */
  remember(token: string, kid: string, expiresAt: number, identity: CallerIdentity): void {
    this.entries.delete(token);
    this.entries.set(token, { identity: { ...identity, roles: [...identity.roles] }, kid, expiresAt });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
