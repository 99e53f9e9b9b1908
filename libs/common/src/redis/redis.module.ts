import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { REDIS_CLIENT } from './redis.constants.js';

/**
 * One Redis connection per process, shared by everything that needs Redis (rate-limit counters,
 * later revocation lists), and only when `REDIS_URL` is set: every feature has an in-memory
 * fallback for the single-process `npm start`.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Redis | null =>
        config.REDIS_URL
          ? new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true })
          : null,
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    const redis = this.redis;
    if (!redis) return;
    this.readiness.register('redis', async () => {
      await redis.ping();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis || this.redis.status === 'end') return;
    // quit() waits for a reply that never comes while the server is unreachable.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis.disconnect();
  }
}
