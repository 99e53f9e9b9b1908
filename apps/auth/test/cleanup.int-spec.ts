import type { TestDatabase } from '../../../test/support/databases.js';
import { accessTokenClaims, anonymousCall, authenticatedCall, createAuthDatabase, startAuthContext, strongPassword, uniqueEmail, type AuthHarness } from './support/auth-context.js';

const DAY_S = 86_400;

describe('auth context: cleanup of expired rows', () => {
  let database: TestDatabase;
  let harness: AuthHarness;

  beforeAll(async () => {
    database = await createAuthDatabase('auth_cleanup');
    harness = await startAuthContext(database.url);
  });
  afterAll(async () => {
    await harness?.close();
    await database?.drop();
  });

  it('deletes idle, revoked and expired sessions, expired refresh tokens and dead reset tokens, and keeps live ones', async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    await harness.auth.register({ email, password }, anonymousCall());
    const idle = await harness.auth.login({ email, password }, anonymousCall());
    harness.travel(6 * DAY_S);
    const live = await harness.auth.login({ email, password }, anonymousCall());
    const loggedOut = await harness.auth.login({ email, password }, anonymousCall());
    await harness.auth.logout({}, authenticatedCall(loggedOut));
    await harness.auth.forgotPassword({ email }, anonymousCall());
    await harness.background.settled();
    // Day 7.5: the first session's idle week is over, the reset link long expired.
    harness.travel(1.5 * DAY_S);

    const purged = await harness.cleanup.purgeExpired();

    expect(purged).toEqual({ sessions: 2, refreshTokens: 1, resetTokens: 1 });
    const sessions = await harness.prisma.session.findMany({ select: { id: true } });
    expect(sessions.map((session) => session.id)).toEqual([accessTokenClaims(live.accessToken).sid]);
    await expect(harness.prisma.refreshToken.count()).resolves.toBe(1);
    await expect(harness.prisma.passwordResetToken.count()).resolves.toBe(0);
    expect(accessTokenClaims(idle.accessToken).sid).not.toBe(sessions[0].id);
    await expect(harness.auth.refresh({ refreshToken: live.refreshToken }, anonymousCall())).resolves.toBeDefined();
    await expect(harness.cleanup.purgeExpired()).resolves.toEqual({ sessions: 0, refreshTokens: 0, resetTokens: 0 });
  });
});
