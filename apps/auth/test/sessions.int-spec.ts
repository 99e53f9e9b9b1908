import { AUTH_ERRORS, type TokenPair } from '@ficus/contracts/auth';
import type { TestDatabase } from '../../../test/support/databases.js';
import {
  accessTokenClaims,
  anonymousCall,
  authenticatedCall,
  createAuthDatabase,
  problemOf,
  startAuthContext,
  strongPassword,
  uniqueEmail,
  type AuthHarness,
} from './support/auth-context.js';

const DAY_S = 86_400;
const invalidRefresh = { status: 401, code: AUTH_ERRORS.invalidRefreshToken };
const sessionOf = (tokens: TokenPair): string => accessTokenClaims(tokens.accessToken).sid;

describe('auth context: sessions and refresh tokens', () => {
  let database: TestDatabase;
  let harness: AuthHarness;

  beforeAll(async () => {
    database = await createAuthDatabase('auth_sessions');
    harness = await startAuthContext(database.url);
  });
  afterAll(async () => {
    await harness?.close();
    await database?.drop();
  });

  /** A new account and its credentials. */
  async function account(): Promise<{ email: string; password: string; login: () => Promise<TokenPair> }> {
    const email = uniqueEmail();
    const password = strongPassword();
    await harness.auth.register({ email, password }, anonymousCall());
    return { email, password, login: () => harness.auth.login({ email, password }, anonymousCall()) };
  }

  const refresh = (tokens: TokenPair) => harness.auth.refresh({ refreshToken: tokens.refreshToken }, anonymousCall());

  it('rotates: each refresh returns a new pair of the same session', async () => {
    const first = await (await account()).login();
    const second = await refresh(first);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(sessionOf(second)).toBe(sessionOf(first));
    expect(accessTokenClaims(second.accessToken).sub).toBe(accessTokenClaims(first.accessToken).sub);
    await expect(refresh(second)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('stores refresh tokens only as SHA-256 hashes', async () => {
    const tokens = await (await account()).login();
    const rows = await harness.prisma.refreshToken.findMany({ where: { sessionId: sessionOf(tokens) } });
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0].tokenHash).toString('hex')).toHaveLength(64);
    expect(Buffer.from(rows[0].tokenHash).toString('base64url')).not.toBe(tokens.refreshToken);
  });

  it('treats a reused refresh token as theft: 401, the whole family ends, the session is revoked and the event logged', async () => {
    const first = await (await account()).login();
    const second = await refresh(first);
    const call = anonymousCall({ clientIp: '198.51.100.4' });
    expect(await problemOf(harness.auth.refresh({ refreshToken: first.refreshToken }, call))).toMatchObject(invalidRefresh);
    expect(await problemOf(refresh(second))).toMatchObject(invalidRefresh);
    await expect(harness.revocations.isRevoked(sessionOf(first))).resolves.toBe(true);
    const alarm = harness.logs.forRequest(call.requestId).find((line) => line.event === 'auth.refresh.reused');
    expect(alarm).toMatchObject({ level: 40, userId: accessTokenClaims(first.accessToken).sub, sessionId: sessionOf(first), requestId: call.requestId });
    expect(JSON.stringify(alarm)).not.toContain(first.refreshToken);
  });

  it('lets exactly one of 20 parallel refreshes with the same token succeed, and no successor outlives the race', async () => {
    const tokens = await (await account()).login();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => refresh(tokens)));
    const winners = results.filter((result): result is PromiseFulfilledResult<TokenPair> => result.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((result) => result.status === 'rejected')) {
      expect(loser.reason).toMatchObject({ code: AUTH_ERRORS.invalidRefreshToken });
    }
    // The losers presented a spent token: reuse, so the family is revoked and the winner's successor is dead too.
    expect(await problemOf(refresh(winners[0].value))).toMatchObject(invalidRefresh);
    await expect(harness.revocations.isRevoked(sessionOf(tokens))).resolves.toBe(true);
    const live = await harness.prisma.refreshToken.count({ where: { sessionId: sessionOf(tokens), usedAt: null, session: { revokedAt: null } } });
    expect(live).toBe(0);
  });

  it('refuses an unknown refresh token without touching any session', async () => {
    expect(await problemOf(harness.auth.refresh({ refreshToken: 'x'.repeat(43) }, anonymousCall()))).toMatchObject(invalidRefresh);
  });

  it('ends a session left unused for the idle lifetime (7 days)', async () => {
    const tokens = await (await account()).login();
    expect(new Date(tokens.refreshTokenExpiresAt).getTime() - harness.now()).toBeGreaterThan(7 * DAY_S * 1000 - 60_000);
    harness.travel(7 * DAY_S + 1);
    expect(await problemOf(refresh(tokens))).toMatchObject(invalidRefresh);
  });

  it('ends a session at its absolute lifetime (30 days) however often it was refreshed', async () => {
    let tokens = await (await account()).login();
    const sessionEnd = harness.now() + 30 * DAY_S * 1000;
    for (let day = 6; day <= 24; day += 6) {
      harness.travel(6 * DAY_S);
      tokens = await refresh(tokens);
    }
    // Six days after day 24 would be inside the idle window, but the session ends on day 30.
    expect(Math.abs(new Date(tokens.refreshTokenExpiresAt).getTime() - sessionEnd)).toBeLessThan(60_000);
    harness.travel(6 * DAY_S + 1);
    expect(await problemOf(refresh(tokens))).toMatchObject(invalidRefresh);
  });

  it('logout ends the calling session only: its refresh token dies and the edge sees it revoked', async () => {
    const user = await account();
    const ended = await user.login();
    const other = await user.login();
    await harness.auth.logout({}, authenticatedCall(ended));
    expect(await problemOf(refresh(ended))).toMatchObject(invalidRefresh);
    await expect(harness.revocations.isRevoked(sessionOf(ended))).resolves.toBe(true);
    await expect(harness.revocations.isRevoked(sessionOf(other))).resolves.toBe(false);
    await expect(refresh(other)).resolves.toBeDefined();
  });

  it('logoutAll ends every session of the caller and no one else’s', async () => {
    const user = await account();
    const sessions = [await user.login(), await user.login()];
    const stranger = await (await account()).login();
    await harness.auth.logoutAll({}, authenticatedCall(sessions[0]));
    for (const tokens of sessions) {
      expect(await problemOf(refresh(tokens))).toMatchObject(invalidRefresh);
      await expect(harness.revocations.isRevoked(sessionOf(tokens))).resolves.toBe(true);
    }
    await expect(refresh(stranger)).resolves.toBeDefined();
  });

  it('changePassword checks the current password and policy, then ends every other session but keeps the current one', async () => {
    const user = await account();
    const current = await user.login();
    const other = await user.login();
    const newPassword = strongPassword();
    expect(await problemOf(harness.auth.changePassword({ currentPassword: strongPassword(), newPassword }, authenticatedCall(current)))).toMatchObject({ status: 401, code: AUTH_ERRORS.invalidCredentials });
    expect(await problemOf(harness.auth.changePassword({ currentPassword: user.password, newPassword: 'password1' }, authenticatedCall(current)))).toMatchObject({
      status: 400,
      code: AUTH_ERRORS.weakPassword,
      errors: [{ field: 'newPassword' }],
    });
    await harness.auth.changePassword({ currentPassword: user.password, newPassword }, authenticatedCall(current));
    expect(await problemOf(refresh(other))).toMatchObject(invalidRefresh);
    await expect(harness.revocations.isRevoked(sessionOf(other))).resolves.toBe(true);
    await expect(harness.revocations.isRevoked(sessionOf(current))).resolves.toBe(false);
    await expect(refresh(current)).resolves.toBeDefined();
    expect(await problemOf(user.login())).toMatchObject({ status: 401 });
    await expect(harness.auth.login({ email: user.email, password: newPassword }, anonymousCall())).resolves.toBeDefined();
  });

  it('refuses session calls without a caller with 401 unauthenticated', async () => {
    for (const attempt of [
      harness.auth.logout({}, anonymousCall()),
      harness.auth.logoutAll({}, anonymousCall()),
      harness.auth.changePassword({ currentPassword: 'a', newPassword: strongPassword() }, anonymousCall()),
    ]) {
      expect(await problemOf(attempt)).toMatchObject({ status: 401, code: AUTH_ERRORS.unauthenticated });
    }
  });
});
