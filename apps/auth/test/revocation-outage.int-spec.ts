import { PLATFORM_ERRORS } from '@ficus/common';
import { AUTH_ERRORS, type TokenPair } from '@ficus/contracts/auth';
import type { TestDatabase } from '../../../test/support/databases.js';
import { SessionService } from '../src/sessions/session.service.js';
import { accessTokenClaims, anonymousCall, authenticatedCall, createAuthDatabase, problemOf, startAuthContext, strongPassword, uniqueEmail, type AuthHarness } from './support/auth-context.js';

/** Nothing listens on the discard port: every Redis command fails at once. */
const DEAD_REDIS = 'redis://127.0.0.1:9';
const unavailable = { status: 503, code: PLATFORM_ERRORS.storeUnavailable, retryAfterSeconds: 5 };
const sessionOf = (tokens: TokenPair): string => accessTokenClaims(tokens.accessToken).sid;

describe('auth context: the revocation store fails', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createAuthDatabase('auth_revocation_outage');
  });
  afterAll(async () => {
    await database?.drop();
  });

  describe('with Redis unreachable', () => {
    let harness: AuthHarness;
    beforeAll(async () => {
      harness = await startAuthContext(database.url, { REDIS_URL: DEAD_REDIS });
    });
    afterAll(async () => {
      await harness?.close();
    });

    /** A session opened directly: login itself needs the (dead) Redis for its throttle. */
    async function session(): Promise<TokenPair> {
      const user = await harness.auth.register({ email: uniqueEmail(), password: strongPassword() }, anonymousCall());
      return (await harness.app.get(SessionService, { strict: false }).open({ id: user.id, roles: user.roles, passwordVersion: 1 })).tokens;
    }

    it('answers logout with 503 and Retry-After, not 500, after ending the session in the database', async () => {
      const tokens = await session();
      const problem = await problemOf(harness.auth.logout({}, authenticatedCall(tokens)));
      expect(problem).toMatchObject(unavailable);
      const row = await harness.prisma.session.findUniqueOrThrow({ where: { id: sessionOf(tokens) } });
      expect(row).toMatchObject({ revokedAt: expect.any(Date), revokedReason: 'logout' });
      const line = harness.logs.lines.find((entry) => String(entry.msg).startsWith('Session revocation store unavailable'));
      expect(line).toMatchObject({ level: 50, sessionIds: [sessionOf(tokens)] });
    });

    it('answers logout-all and a replayed refresh token with 503 too', async () => {
      expect(await problemOf(harness.auth.logoutAll({}, authenticatedCall(await session())))).toMatchObject(unavailable);
      const first = await session();
      // Rotation needs only the database; the replay then has to revoke, which needs Redis.
      await harness.auth.refresh({ refreshToken: first.refreshToken }, anonymousCall());
      expect(await problemOf(harness.auth.refresh({ refreshToken: first.refreshToken }, anonymousCall()))).toMatchObject(unavailable);
    });
  });

  describe('failing once, then answering again', () => {
    let harness: AuthHarness;
    beforeAll(async () => {
      harness = await startAuthContext(database.url);
    });
    afterAll(async () => {
      await harness?.close();
    });

    const failOnce = () => jest.spyOn(harness.revocations, 'revoke').mockRejectedValueOnce(new Error('connection refused'));

    async function account(): Promise<{ email: string; password: string; login: () => Promise<TokenPair> }> {
      const email = uniqueEmail();
      const password = strongPassword();
      await harness.auth.register({ email, password }, anonymousCall());
      return { email, password, login: () => harness.auth.login({ email, password }, anonymousCall()) };
    }

    it('finishes logout-all on retry, although the sessions already ended in the database', async () => {
      const user = await account();
      const sessions = [await user.login(), await user.login()];
      failOnce();
      expect(await problemOf(harness.auth.logoutAll({}, authenticatedCall(sessions[0])))).toMatchObject(unavailable);
      await harness.auth.logoutAll({}, authenticatedCall(sessions[0]));
      for (const tokens of sessions) await expect(harness.revocations.isRevoked(sessionOf(tokens))).resolves.toBe(true);
    });

    it('finishes a replayed refresh token’s revocation on the next replay', async () => {
      const first = await (await account()).login();
      await harness.auth.refresh({ refreshToken: first.refreshToken }, anonymousCall());
      failOnce();
      expect(await problemOf(harness.auth.refresh({ refreshToken: first.refreshToken }, anonymousCall()))).toMatchObject(unavailable);
      await expect(harness.revocations.isRevoked(sessionOf(first))).resolves.toBe(false);
      expect(await problemOf(harness.auth.refresh({ refreshToken: first.refreshToken }, anonymousCall()))).toMatchObject({ status: 401, code: AUTH_ERRORS.invalidRefreshToken });
      await expect(harness.revocations.isRevoked(sessionOf(first))).resolves.toBe(true);
    });

    it('keeps the password when a password change answers 503, so the same request can be repeated', async () => {
      const user = await account();
      const current = await user.login();
      const other = await user.login();
      const change = { currentPassword: user.password, newPassword: strongPassword() };
      failOnce();
      expect(await problemOf(harness.auth.changePassword(change, authenticatedCall(current)))).toMatchObject(unavailable);
      await expect(user.login()).resolves.toBeDefined();
      await harness.auth.changePassword(change, authenticatedCall(current));
      await expect(harness.revocations.isRevoked(sessionOf(other))).resolves.toBe(true);
      await expect(harness.revocations.isRevoked(sessionOf(current))).resolves.toBe(false);
      await expect(harness.auth.login({ email: user.email, password: change.newPassword }, anonymousCall())).resolves.toBeDefined();
    });
  });
});
