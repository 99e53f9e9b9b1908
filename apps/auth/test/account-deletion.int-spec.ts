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

const sid = (tokens: TokenPair): string => accessTokenClaims(tokens.accessToken).sid;

/**
 * Account deletion in the auth context over real PostgreSQL: the password re-check, every
 * session ended (and the revocation store told), the account gone, and its events written in
 * the deleting transactions — `sessions.revoked`, then `user.deleted` — read from the outbox.
 */
describe('auth context: account deletion', () => {
  let database: TestDatabase;
  let harness: AuthHarness;

  beforeAll(async () => {
    database = await createAuthDatabase('auth_deletion');
    harness = await startAuthContext(database.url);
  });
  afterAll(async () => {
    await harness?.close();
    await database?.drop();
  });

  async function account(sessions: number): Promise<{ userId: string; email: string; password: string; tokens: TokenPair[] }> {
    const email = uniqueEmail();
    const password = strongPassword();
    const user = await harness.auth.register({ email, password }, anonymousCall());
    const tokens: TokenPair[] = [];
    for (let i = 0; i < sessions; i++) tokens.push(await harness.auth.login({ email, password }, anonymousCall()));
    return { userId: user.id, email, password, tokens };
  }

  /** The user's events in the outbox, in the order written. */
  async function outbox(userId: string): Promise<{ type: string; payload: unknown; requestId: string | null }[]> {
    const rows = await harness.prisma.outboxEvent.findMany({ where: { ownerId: userId }, orderBy: { sequence: 'asc' } });
    return rows.map(({ type, payload, requestId }) => ({ type, payload, requestId }));
  }

  it('ends every session, deletes the account and writes sessions.revoked then user.deleted', async () => {
    const { userId, email, password, tokens } = await account(2);
    await harness.auth.deleteAccount({ currentPassword: password }, authenticatedCall(tokens[0], { requestId: 'req-delete' }));

    for (const pair of tokens) expect(await harness.revocations.isRevoked(sid(pair))).toBe(true);
    expect(await harness.prisma.user.count({ where: { id: userId } })).toBe(0);
    expect(await harness.prisma.session.count({ where: { userId } })).toBe(0);
    expect(await problemOf(harness.auth.me({}, authenticatedCall(tokens[0])))).toMatchObject({ status: 401, code: AUTH_ERRORS.unauthenticated });
    expect(await problemOf(harness.auth.login({ email, password }, anonymousCall()))).toMatchObject({ status: 401, code: AUTH_ERRORS.invalidCredentials });
    expect(await problemOf(harness.auth.refresh({ refreshToken: tokens[1].refreshToken }, anonymousCall()))).toMatchObject({ status: 401 });

    const events = await outbox(userId);
    expect(events.map((event) => event.type)).toEqual(['user.registered', 'sessions.revoked', 'user.deleted']);
    expect(events[1].payload).toEqual({ userId, sessionIds: expect.arrayContaining(tokens.map(sid)), reason: 'account-deleted' });
    expect(events[2]).toEqual({ type: 'user.deleted', payload: { userId }, requestId: 'req-delete' });
    const lines = harness.logs.lines.filter((line) => line.event === 'auth.account.deleted');
    expect(lines.at(-1)).toMatchObject({ userId, endedSessions: 2 });
  });

  it('refuses a wrong password with 401 and changes nothing', async () => {
    const { userId, tokens } = await account(1);
    const problem = await problemOf(harness.auth.deleteAccount({ currentPassword: 'not the password' }, authenticatedCall(tokens[0])));
    expect(problem).toMatchObject({ status: 401, code: AUTH_ERRORS.invalidCredentials });
    expect(await harness.prisma.user.count({ where: { id: userId } })).toBe(1);
    expect(await harness.revocations.isRevoked(sid(tokens[0]))).toBe(false);
    expect((await outbox(userId)).map((event) => event.type)).toEqual(['user.registered']);
  });

  it('ends a session a login opened between the sessions ending and the account going', async () => {
    const { userId, email, password, tokens } = await account(1);
    let late: TokenPair | undefined;
    // The deletion's own session round is done; a login slips in before the delete transaction.
    const announce = jest.spyOn(harness.revocations, 'revoke');
    announce.mockImplementationOnce(async (sessionId, untilMs) => {
      announce.mockRestore();
      await harness.revocations.revoke(sessionId, untilMs);
      late = await harness.auth.login({ email, password }, anonymousCall());
    });
    await harness.auth.deleteAccount({ currentPassword: password }, authenticatedCall(tokens[0]));
    expect(late).toBeDefined();
    expect(await harness.revocations.isRevoked(sid(late as TokenPair))).toBe(true);
    const revoked = (await outbox(userId)).filter((event) => event.type === 'sessions.revoked').map((event) => (event.payload as { sessionIds: string[] }).sessionIds);
    expect(revoked).toEqual([[sid(tokens[0])], [sid(late as TokenPair)]]);
  });
});
