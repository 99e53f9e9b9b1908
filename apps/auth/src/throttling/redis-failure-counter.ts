import type { Redis } from 'ioredis';
import { FailureCounter, type FailureCount } from './failure-counter.js';

/**
 * INCR, and PEXPIRE only when INCR opened the window, in one atomic script: a crash between
 * the two commands can never leave a counter without expiry (a permanent lockout).
 */
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/** Failure counts in Redis, shared by every instance of every app that hosts auth. */
export class RedisFailureCounter extends FailureCounter {
  constructor(private readonly redis: Redis) {
    super();
  }

  async peek(keys: readonly string[]): Promise<FailureCount[]> {
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.get(key).pttl(key);
    const replies = (await pipeline.exec()) ?? [];
    for (const [error] of replies) if (error) throw error;
    return keys.map((_key, index) => {
      const count = Number(replies[index * 2][1] ?? 0);
      const ttl = Number(replies[index * 2 + 1][1]);
      return count > 0 && ttl > 0 ? { count, resetInMs: ttl } : { count: 0, resetInMs: 0 };
    });
  }

  async increment(keys: readonly string[], windowMs: number): Promise<void> {
    await Promise.all(keys.map((key) => this.redis.eval(INCREMENT_SCRIPT, 1, key, windowMs)));
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
