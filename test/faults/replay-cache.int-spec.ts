import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { AppConfig, loadConfig, mapToProblem, PLATFORM_ERRORS, REDIS_CLIENT, RedisModule, ReplayCache, type ServiceCredential } from '@ficus/common';
import { PlatformCoreModule } from '../../libs/common/src/platform/platform-core.module.js';
import { eventually } from '../support/eventually.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway/index.js';

jest.setTimeout(60_000);

const credential = (issuedAt = Date.now()): ServiceCredential => ({ service: 'gateway', issuedAt, id: randomUUID(), signature: 'checked before' });

/** What `admit` was refused with, as the calling app would get it; undefined when it was admitted. */
async function refusal(admitted: Promise<void>): Promise<{ status: number; code?: string; retryAfterSeconds?: number } | undefined> {
  try {
    await admitted;
    return undefined;
  } catch (error) {
    const { problem, unexpected, retryAfterSeconds } = mapToProblem(error);
    if (unexpected) throw error;
    return { status: problem.status, code: problem.code, retryAfterSeconds };
  }
}

// The replay cache on a Redis of its own, which the test hangs, kills and restarts, through the
// platform's own Redis client (its command timeout, its reconnects).
let redis: ThrowawayRedis;
let platform: TestingModule;
let client: Redis;
let cache: ReplayCache;

beforeAll(async () => {
  redis = await startThrowawayRedis();
  const config = loadConfig(AppConfig, { REDIS_URL: redis.url });
  platform = await Test.createTestingModule({ imports: [PlatformCoreModule.forRoot('todos', config), RedisModule], providers: [ReplayCache] }).compile();
  await platform.init();
  client = platform.get<Redis>(REDIS_CLIENT);
  cache = platform.get(ReplayCache);
});

afterAll(async () => {
  await platform.close();
  await redis.stop();
});

it('admits a message id once, and keeps it as long as the message could be accepted', async () => {
  const first = credential();
  const deadline = Date.now() + 30_000;
  expect(await refusal(cache.admit(first, deadline))).toBeUndefined();
  expect(await refusal(cache.admit(first, deadline))).toEqual({ status: 401, code: 'service.replayed', retryAfterSeconds: undefined });
  expect(await refusal(cache.admit(credential(), deadline))).toBeUndefined();
  // Its deadline ends the window here (30 s, the AI budget), plus a few seconds for clocks that differ.
  const ttl = await client.pttl(`ficus:transport:seen-message:gateway:${first.id}`);
  expect(ttl).toBeGreaterThan(30_000);
  expect(ttl).toBeLessThanOrEqual(35_000);
  // An old message's window ends with the credential's age limit (60 s after signing), whatever its deadline.
  const old = credential(Date.now() - 50_000);
  await cache.admit(old, Date.now() + 60_000);
  expect(await client.pttl(`ficus:transport:seen-message:gateway:${old.id}`)).toBeLessThanOrEqual(15_000);
});

it('refuses every message with 503 and Retry-After within 1 s while Redis hangs, and admits again once it answers', async () => {
  await redis.debugSleep(3);
  const started = Date.now();
  expect(await refusal(cache.admit(credential(), Date.now() + 5000))).toEqual({ status: 503, code: PLATFORM_ERRORS.storeUnavailable, retryAfterSeconds: 1 });
  expect(Date.now() - started).toBeLessThan(1000);
  await eventually(async () => expect(await refusal(cache.admit(credential(), Date.now() + 5000))).toBeUndefined(), { timeoutMs: 10_000 });
});

it('refuses every message with 503 and Retry-After while Redis is down (fail closed), and admits again once it is back', async () => {
  await redis.kill();
  const started = Date.now();
  expect(await refusal(cache.admit(credential(), Date.now() + 5000))).toEqual({ status: 503, code: PLATFORM_ERRORS.storeUnavailable, retryAfterSeconds: 1 });
  expect(Date.now() - started).toBeLessThan(1000);
  await redis.start();
  const restarted = Date.now();
  await eventually(async () => expect(await refusal(cache.admit(credential(), Date.now() + 5000))).toBeUndefined(), { timeoutMs: 10_000 });
  expect(Date.now() - restarted).toBeLessThan(10_000);
});
