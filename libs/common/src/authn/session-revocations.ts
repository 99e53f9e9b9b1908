import type { Redis } from 'ioredis';

/**
 * Sessions ended before their access tokens expire (logout, logout-all, password change or
 * reset, refresh-token reuse). Auth writes; every verifier reads, per request.
 * Guarantee: once `revoke` resolves, every verifier sharing this store rejects the session's
 * access tokens. With Redis that is every instance of every app; the in-memory store covers
 * only the process it lives in (the single-process `npm start`).
 */
export abstract class SessionRevocations {
  /** Marks the session revoked until `untilMs` (epoch ms: the latest expiry of its access tokens). */
  abstract revoke(sessionId: string, untilMs: number): Promise<void>;
  abstract isRevoked(sessionId: string): Promise<boolean>;
}

const KEY_PREFIX = 'ficus:auth:revoked-session:';

export class RedisSessionRevocations extends SessionRevocations {
  constructor(private readonly redis: Redis) {
    super();
  }

  async revoke(sessionId: string, untilMs: number): Promise<void> {
    const ttl = Math.max(1, untilMs - Date.now());
    await this.redis.set(`${KEY_PREFIX}${sessionId}`, '1', 'PX', ttl);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.redis.exists(`${KEY_PREFIX}${sessionId}`)) === 1;
  }
}

export class MemorySessionRevocations extends SessionRevocations {
  private readonly revoked = new Map<string, number>();

  async revoke(sessionId: string, untilMs: number): Promise<void> {
    const now = Date.now();
    // Entries outlive their tokens only until the next revocation sweeps them.
    for (const [id, until] of this.revoked) if (until <= now) this.revoked.delete(id);
    this.revoked.set(sessionId, untilMs);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const until = this.revoked.get(sessionId);
    return until !== undefined && until > Date.now();
  }
}
