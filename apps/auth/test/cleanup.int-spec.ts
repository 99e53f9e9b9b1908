import type { TestDatabase } from '../../../test/support/databases.js';
import type { TokenPair } from '@ficus/contracts/auth';
import { accessTokenClaims, anonymousCall, authenticatedCall, problemOf, createAuthDatabase, startAuthContext, strongPassword, uniqueEmail, type AuthHarness } from './support/auth-context.js';

const MINUTE_S = 60;
const DAY_S = 86_400;
const sid = (tokens: TokenPair): string => accessTokenClaims(tokens.accessToken).sid;

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

  it('deletes ended sessions, expired refresh tokens and dead reset tokens, and keeps live ones', async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    const sessionIds = async () => (await harness.prisma.session.findMany({ select: { id: true } })).map((session) => session.id).toSorted();
    await harness.auth.register({ email, password }, anonymousCall());
    const idle = await harness.auth.login({ email, password }, anonymousCall());
    const lateLogout = await harness.auth.login({ email, password }, anonymousCall());
    harness.travel(6 * DAY_S);
    let live = await harness.auth.login({ email, password }, anonymousCall());
    const loggedOut = await harness.auth.login({ email, password }, anonymousCall());
    await harness.auth.logout({}, authenticatedCall(loggedOut));
    await harness.auth.forgotPassword({ email }, anonymousCall());
    await harness.background.settled();
    // Five minutes before its idle week is over, lateLogout is logged out; ten minutes later
    // both first sessions are past their idle end, and the reset link long expired.
    harness.travel(DAY_S - 5 * MINUTE_S);
    await harness.auth.logout({}, authenticatedCall(lateLogout));
    harness.travel(10 * MINUTE_S);

    // lateLogout stays while a retried logout may still need to announce it (access-token
    // lifetime + skew after its revocation); loggedOut stays until its own idle end.
    expect(await harness.cleanup.purgeExpired()).toEqual({ sessions: 1, refreshTokens: 2, resetTokens: 1 });
    expect(await sessionIds()).toEqual([sid(live), sid(loggedOut), sid(lateLogout)].toSorted());
    await expect(harness.prisma.passwordResetToken.count()).resolves.toBe(0);

    harness.travel(15 * MINUTE_S);
    expect(await harness.cleanup.purgeExpired()).toEqual({ sessions: 1, refreshTokens: 0, resetTokens: 0 });
    expect(await sessionIds()).toEqual([sid(live), sid(loggedOut)].toSorted());

    live = await harness.auth.refresh({ refreshToken: live.refreshToken }, anonymousCall());
    harness.travel(6 * DAY_S);
    // Day 13: loggedOut's idle end; live was refreshed on day 7, and its first refresh token expired.
    expect(await harness.cleanup.purgeExpired()).toEqual({ sessions: 1, refreshTokens: 2, resetTokens: 0 });
    expect(await sessionIds()).toEqual([sid(live)]);
    expect(sid(idle)).not.toBe(sid(live));
    await expect(harness.auth.refresh({ refreshToken: live.refreshToken }, anonymousCall())).resolves.toBeDefined();
    await expect(harness.cleanup.purgeExpired()).resolves.toEqual({ sessions: 0, refreshTokens: 0, resetTokens: 0 });
  });

  it('keeps a revoked session until its end, so a replayed refresh token is still caught as reuse', async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    await harness.auth.register({ email, password }, anonymousCall());
    const first = await harness.auth.login({ email, password }, anonymousCall());
    const second = await harness.auth.refresh({ refreshToken: first.refreshToken }, anonymousCall());
    await harness.auth.logout({}, authenticatedCall(second));
    harness.travel(DAY_S);
    await harness.cleanup.purgeExpired();

    const call = anonymousCall();
    await expect(problemOf(harness.auth.refresh({ refreshToken: first.refreshToken }, call))).resolves.toMatchObject({ status: 401 });
    expect(harness.logs.forRequest(call.requestId).map((line) => line.event)).toContain('auth.refresh.reused');
  });
});
