import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { REDIS_CLIENT } from '../redis/redis.constants.js';
import { TieredThrottlerGuard } from './tiered-throttler.guard.js';

/** The tiers with their configured limits; counts live in Redis when it is configured. */
export function throttlerOptions(config: AppConfig, redis: Redis | null): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'public', limit: config.RATE_LIMIT_PUBLIC_LIMIT, ttl: config.RATE_LIMIT_PUBLIC_TTL_MS },
      { name: 'api', limit: config.RATE_LIMIT_API_LIMIT, ttl: config.RATE_LIMIT_API_TTL_MS },
      { name: 'auth', limit: config.RATE_LIMIT_AUTH_LIMIT, ttl: config.RATE_LIMIT_AUTH_TTL_MS },
      { name: 'ai', limit: config.RATE_LIMIT_AI_LIMIT, ttl: config.RATE_LIMIT_AI_TTL_MS },
    ],
    errorMessage: 'Too many requests',
    // Shared counts across every instance; the in-memory default is per process.
    ...(redis ? { storage: new ThrottlerStorageRedisService(redis) } : {}),
  };
}

/** Global rate limiting with named tiers (see `@RateLimit`). */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS_CLIENT],
      useFactory: throttlerOptions,
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: TieredThrottlerGuard }],
})
export class ThrottlingModule {}
