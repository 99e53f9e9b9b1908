import { randomBytes } from 'node:crypto';
import { EventBus, type EventEnvelope } from '@ficus/common';
import { AUTH_EVENTS, type AuthEventType, type TokenPair } from '@ficus/contracts/auth';
import type { TestDatabase } from '../../../test/support/databases.js';
import { eventually } from '../../../test/support/eventually.js';
import { deleteStreams } from '../../../test/support/events.js';
import { requireService } from '../../../test/support/services.js';
import { hashOpaqueToken, newOpaqueToken } from '../src/tokens/opaque-tokens.js';
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
 * The auth context's events over real PostgreSQL and NATS JetStream: registration and every
 * early end of sessions write exactly their event in the change's transaction, the relay
 * publishes it, a consumer gets it with the causing request's id. A database of its own, so this
 * app's relay is the one leading.
 */
describe('auth context: events over JetStream', () => {
  const prefix = `auth-events-${randomBytes(4).toString('hex')}.`;
  const natsUrl = requireService('NATS_URL');
  const received: EventEnvelope<string, object>[] = [];
  let database: TestDatabase;
  let harness: AuthHarness;

  beforeAll(async () => {
    database = await createAuthDatabase('auth_events');
    harness = await startAuthContext(database.url, { EVENTS_TRANSPORT: 'jetstream', NATS_URL: natsUrl, NATS_SUBJECT_PREFIX: prefix });
    const types = Object.keys(AUTH_EVENTS.versions) as AuthEventType[];
    // A consumer of the test's own: it only records (idempotent by itself, no inbox).
    harness.app.get(EventBus).subscribe({ name: 'auth-events-test', source: AUTH_EVENTS, types, handle: async (event) => void received.push(event) });
  });
  afterAll(async () => {
    await harness?.close();
    await database?.drop();
    await deleteStreams(natsUrl, prefix);
  });

  const eventsOf = (userId: string) => received.filter((event) => event.ownerId === userId).map((event) => [event.type, event.payload]);

  /** Registers an account and signs it in `sessions` times. */
  async function account(sessions = 1): Promise<{ userId: string; email: string; password: string; tokens: TokenPair[] }> {
    const email = uniqueEmail();
    const password = strongPassword();
    const user = await harness.auth.register({ email, password }, anonymousCall({ requestId: 'req-register' }));
    const tokens: TokenPair[] = [];
    for (let i = 0; i < sessions; i++) tokens.push(await harness.auth.login({ email, password }, anonymousCall()));
    return { userId: user.id, email, password, tokens };
  }
  it('publishes user.registered with ids only and the request id; a taken email writes none', async () => {
    const { userId, email, password } = await account(0);
    expect(await problemOf(harness.auth.register({ email, password }, anonymousCall()))).toMatchObject({ status: 409 });
    await eventually(() => expect(eventsOf(userId)).toHaveLength(1), { timeoutMs: 10_000 });
    const event = received.find((candidate) => candidate.ownerId === userId);
    expect(event).toMatchObject({ type: 'user.registered', version: 1, aggregateId: userId, requestId: 'req-register' });
    expect(event?.payload).toEqual({ userId, roles: ['user'], createdAt: expect.any(String) });
    // The failed second registration left nothing pending either.
    expect(await harness.prisma.outboxEvent.count({ where: { ownerId: userId } })).toBe(1);
  });

  it('publishes sessions.revoked once per ending: logout, logout-all, password change (all but the caller’s); a repeat writes none', async () => {
    const { userId, password, tokens } = await account(4);
    const [a, b, c, d] = tokens;
    await harness.auth.logout({}, authenticatedCall(a));
    await harness.auth.logout({}, authenticatedCall(a)); // ended already: no second event
    await harness.auth.changePassword({ currentPassword: password, newPassword: strongPassword() }, authenticatedCall(b));
    await harness.auth.logoutAll({}, authenticatedCall(b));
    await harness.auth.logoutAll({}, authenticatedCall(b)); // nothing left to end: no event
    const expected = [
      ['user.registered', expect.anything()],
      ['sessions.revoked', { userId, sessionIds: [sid(a)], reason: 'logout' }],
      ['sessions.revoked', { userId, sessionIds: expect.arrayContaining([sid(c), sid(d)]), reason: 'password-changed' }],
      ['sessions.revoked', { userId, sessionIds: [sid(b)], reason: 'logout-all' }],
    ];
    await eventually(() => expect(eventsOf(userId)).toHaveLength(expected.length), { timeoutMs: 10_000 });
    expect(eventsOf(userId)).toEqual(expected);
    expect((eventsOf(userId)[2][1] as { sessionIds: string[] }).sessionIds).toHaveLength(2);
  });

  it('publishes sessions.revoked for a password reset', async () => {
    const { userId, tokens } = await account(1);
    // A reset token of our own, as the mailed link would carry it.
    const token = newOpaqueToken();
    await harness.prisma.passwordResetToken.create({
      data: { userId, tokenHash: hashOpaqueToken(token), createdAt: new Date(), expiresAt: new Date(Date.now() + 600_000) },
    });
    await harness.auth.resetPassword({ token, newPassword: strongPassword() }, anonymousCall());
    await eventually(() => expect(eventsOf(userId)).toHaveLength(2), { timeoutMs: 10_000 });
    expect(eventsOf(userId)[1]).toEqual(['sessions.revoked', { userId, sessionIds: [sid(tokens[0])], reason: 'password-reset' }]);
  });
});
