import type { Provider } from '@nestjs/common';
import { REDIS_CLIENT } from '@ficus/common';
import type { Redis } from 'ioredis';
import { AuthClock } from '../auth.clock.js';
import { FailureCounter } from './failure-counter.js';
import { MemoryFailureCounter } from './memory-failure-counter.js';
import { RedisFailureCounter } from './redis-failure-counter.js';

/** Redis when the platform has a client (REDIS_URL), so every instance shares one count; else memory. */
export const failureCounterProvider: Provider = {
  provide: FailureCounter,
  inject: [REDIS_CLIENT, AuthClock],
  useFactory: (redis: Redis | null, clock: AuthClock): FailureCounter => (redis ? new RedisFailureCounter(redis) : new MemoryFailureCounter(clock)),
};
