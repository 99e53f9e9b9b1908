import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../redis/redis.constants.js';
import { MemorySessionRevocations } from './memory-session-revocations.js';
import { RedisSessionRevocations } from './redis-session-revocations.js';
import { SessionRevocations } from './session-revocations.js';

/**
 * The revocation store shared by auth (writer) and the edge (reader) in one process: one
 * instance, so an in-process logout is seen by the in-process verifier at once.
 */
@Global()
@Module({
  providers: [
    {
      provide: SessionRevocations,
      inject: [REDIS_CLIENT],
      useFactory: (redis: Redis | null): SessionRevocations =>
        redis ? new RedisSessionRevocations(redis) : new MemorySessionRevocations(),
    },
  ],
  exports: [SessionRevocations],
})
export class AuthnModule {}
