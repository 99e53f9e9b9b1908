import type { Redis } from 'ioredis';
import { SessionRevocations } from './session-revocations.js';

const KEY_PREFIX = 'ficus:auth:revoked-session:';

/** Revocations every instance of every app sees: one key per session, expiring with its last token. */
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
