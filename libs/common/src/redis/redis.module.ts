import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { CommandTimeoutRedis, type LegacyRedisOptions } from './command-timeout-redis.js';
import { REDIS_CLIENT } from './redis.constants.js';

/**
 * Every command fails rather than waits: callers decide how to degrade (fail open or closed, see
 * TieredThrottlerGuard) instead of every request waiting on a Redis that is down or hung.
 */
function redisOptions(keyPrefix: string): LegacyRedisOptions {
  return {
    // ioredis puts it in front of every key of every command (KEYS of scripts included), so no
    // feature can forget it.
    keyPrefix,
    // While disconnected, commands fail at once instead of queueing for the reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // A command that failed (timed out, say) was answered for; sent again on a new connection it
    // would count an attempt or a hit the caller already refused or let through.
    autoResendUnfulfilledCommands: false,
    connectTimeout: 2000,
    // Reconnects for ever, at most 2 s apart: Redis is back in use within seconds of its return.
    retryStrategy: (attempt) => Math.min(attempt * 50, 2000),
  };
}

/**
 * One Redis connection per process, shared by everything that needs Redis (rate-limit and
 * login-failure counts, session revocations), and only when `REDIS_URL` is set: every feature
 * has an in-memory fallback for the single-process `npm start`.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Redis | null =>
        // A server that is alive but answers nobody (busy, frozen) holds no request longer than the timeout.
        config.REDIS_URL ? new CommandTimeoutRedis(config.REDIS_URL, redisOptions(config.REDIS_KEY_PREFIX), config.REDIS_COMMAND_TIMEOUT_MS) : null,
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    const redis = this.redis;
    if (!redis) return;
    // Without a listener ioredis prints every failed reconnect to the console; the outage is
    // reported by /ready and by whoever's command failed.
    redis.on('error', () => undefined);
    this.readiness.register('redis', async () => {
      await redis.ping();
    });
    await this.connected(redis);
  }

  /**
   * Commands fail fast while disconnected, so start-up waits (briefly) for the first connection;
   * an unreachable Redis still lets the app start, degraded, with `/ready` saying so.
   */
  private connected(redis: Redis): Promise<void> {
    if (redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        redis.off('error', done);
        resolve();
      };
      const timer = setTimeout(done, 2000);
      redis.once('ready', done);
      redis.once('error', done);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis || this.redis.status === 'end') return;
    // quit() waits for a reply that never comes while the server is unreachable, and times out
    // while it is hung.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis.disconnect();
  }
}
