import { PLATFORM_ERRORS } from '@ficus/common';
import { type TokenPair } from '@ficus/contracts/auth';
import { accessTokenClaims, anonymousCall, authenticatedCall, createAuthDatabase, problemOf, startAuthContext, strongPassword, uniqueEmail, type AuthHarness } from '../../apps/auth/test/support/auth-context.js';
import { eventually } from '../support/eventually.js';
import type { TestDatabase } from '../support/databases.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway/index.js';
import { answeredWithin } from './support/answered-within.js';

jest.setTimeout(60_000);

const ANSWER_WITHIN_MS = 1000;
const timed = <T>(work: Promise<T>) => answeredWithin(ANSWER_WITHIN_MS, work);

/**
 * The writer's side of session revocations (auth) against a frozen Redis: the gateway's side,
 * reading, is in redis.e2e-spec.ts. A logout must answer 503 at once, not when Redis thaws.
 */
describe('session revocations: Redis hangs while auth writes', () => {
  let database: TestDatabase;
  let redis: ThrowawayRedis;
  let harness: AuthHarness;

  beforeAll(async () => {
    database = await createAuthDatabase('auth_revocation_hang');
    redis = await startThrowawayRedis();
    harness = await startAuthContext(database.url, { REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await harness?.close();
    await redis?.stop();
    await database?.drop();
  });

  async function session(): Promise<TokenPair> {
    const email = uniqueEmail();
    const password = strongPassword();
    await harness.auth.register({ email, password }, anonymousCall());
    return harness.auth.login({ email, password }, anonymousCall());
  }

  it('answers logout with 503 within 1 s, and a retry after Redis answers completes it', async () => {
    const tokens = await session();
    const sessionId = accessTokenClaims(tokens.accessToken).sid;
    redis.pause();
    try {
      const problem = await timed(problemOf(harness.auth.logout({}, authenticatedCall(tokens))));
      expect(problem).toMatchObject({ status: 503, code: PLATFORM_ERRORS.storeUnavailable, retryAfterSeconds: 5 });
      await expect(timed(harness.revocations.isRevoked(sessionId).catch((error: unknown) => error))).resolves.toBeInstanceOf(Error);
    } finally {
      redis.resume();
    }
    await eventually(() => harness.auth.logout({}, authenticatedCall(tokens)));
    await expect(harness.revocations.isRevoked(sessionId)).resolves.toBe(true);
  });
});
