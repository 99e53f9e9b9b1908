import { RedisCommandTimeoutError } from '@ficus/common';
import type { Redis } from 'ioredis';
import { FailureCounter, type FailureCount } from './failure-counter.js';

/**
 * INCR, PEXPIRE when the key has no expiry yet (INCR just opened the window), and the time
 * left, in one atomic script: a crash between the commands can never leave a counter without
 * expiry (a permanent lockout), and concurrent reservations each get their own count.
 */
const RESERVE_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/**
 * Takes one back, atomically with reading: a plain DECR on a key whose window just ended would
 * create it again at -1, and the next attempts would count from zero. The last attempt of a
 * window takes the window with it.
 */
const RELEASE_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 1 then redis.call('DECR', KEYS[1]) elseif count == 1 then redis.call('DEL', KEYS[1]) end
return 0`;

function isTimeout(reply: PromiseSettledResult<unknown>): boolean {
  return reply.status === 'rejected' && reply.reason instanceof RedisCommandTimeoutError;
}

/** Attempt counts in Redis, shared by every instance of every app that hosts auth. */
export class RedisFailureCounter extends FailureCounter {
  constructor(private readonly redis: Redis) {
    super();
  }

  /**
   * When one reservation fails the attempt is refused (503) without a password check, so none of
   * its reservations may stay counted: those that succeeded, and those that timed out — sent, so
   * a hung Redis still counts them once it answers. They are handed back at once, on the same
   * connection, so Redis runs each release after its late reservation. A reservation refused
   * before it was sent (disconnected) counted nothing and is not handed back.
   */
  async reserve(keys: readonly string[], windowMs: number): Promise<FailureCount[]> {
    const replies = await Promise.allSettled(keys.map((key) => this.redis.eval(RESERVE_SCRIPT, 1, key, windowMs)));
    if (replies.some((reply) => reply.status === 'rejected')) {
      const counted = keys.filter((_key, index) => replies[index].status === 'fulfilled' || isTimeout(replies[index]));
      if (counted.length > 0) this.release(counted).catch(() => undefined);
    }
    return replies.map((reply) => {
      if (reply.status === 'rejected') throw reply.reason;
      const [count, ttl] = Array.isArray(reply.value) ? reply.value.map(Number) : [Number.NaN, Number.NaN];
      if (!Number.isInteger(count) || !Number.isInteger(ttl)) throw new Error('Unexpected reply from the login counter script');
      return { count, resetInMs: ttl };
    });
  }

  async release(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.redis.eval(RELEASE_SCRIPT, 1, key)));
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
