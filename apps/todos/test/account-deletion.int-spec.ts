import { randomBytes, randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { register } from 'prom-client';
import { EventBus, eventSubject, OutboxWriter, type EventEnvelope } from '@ficus/common';
import { AUTH_EVENTS, type AuthEvents } from '@ficus/contracts/auth';
import { createMigratedTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { eventually } from '../../../test/support/eventually.js';
import { deleteStreams, sample } from '../../../test/support/events.js';
import { requireService } from '../../../test/support/services.js';
import { ACCOUNT_DELETION_CONSUMER } from '../src/events/account-deletion.consumer.js';
import { startTodosContext, userCall, type TodosHarness } from './support/todos-context.js';

const handled = (outcome: string) => sample(register, 'ficus_events_handled_total', { consumer: ACCOUNT_DELETION_CONSUMER, outcome });

/**
 * The todos context's side of account deletion over real PostgreSQL and NATS JetStream: auth's
 * `user.deleted` (written to auth's outbox here, relayed by this process as the auth app would)
 * reaches the durable consumer, which deletes that user's todos and idempotency keys and
 * nobody else's; the same event delivered again changes nothing (the inbox has its id).
 */
describe('todos context: deleting the todos of a deleted account (JetStream)', () => {
  const prefix = `todos-deletion-${randomBytes(4).toString('hex')}.`;
  const natsUrl = requireService('NATS_URL');
  const outbox = new OutboxWriter<AuthEvents>(AUTH_EVENTS);
  let database: TestDatabase;
  let harness: TodosHarness;
  let auth: Pool;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('todos_deletion');
    harness = await startTodosContext({ DATABASE_URL: database.url, EVENTS_TRANSPORT: 'jetstream', NATS_URL: natsUrl, NATS_SUBJECT_PREFIX: prefix });
    harness.app.get(EventBus).relayOutbox(AUTH_EVENTS, { url: database.url, schema: 'auth' });
    auth = new Pool({ connectionString: database.url, options: '-c search_path=auth' });
  });
  afterAll(async () => {
    await harness?.close();
    await auth?.end();
    await database?.drop();
    await deleteStreams(natsUrl, prefix);
  });

  /** Commits `user.deleted` for `userId` into auth's outbox, as AccountService.delete does. */
  async function deleteAccount(userId: string): Promise<EventEnvelope> {
    const client = await auth.connect();
    try {
      await client.query('BEGIN');
      const [event] = await outbox.write(client, { type: 'user.deleted', aggregateId: userId, ownerId: userId, payload: { userId } }, { requestId: 'req-delete' });
      await client.query('COMMIT');
      return event;
    } finally {
      client.release();
    }
  }

  const todosOf = (ownerId: string) => harness.prisma.todo.count({ where: { ownerId } });
  const keysOf = (ownerId: string) => harness.prisma.idempotencyKey.count({ where: { ownerId } });

  it("deletes the user's todos, subtasks and idempotency keys, and nobody else's", async () => {
    const gone = userCall();
    const other = userCall();
    const parent = await harness.todos.create({ title: 'plan', idempotencyKey: randomUUID() }, gone);
    await harness.todos.create({ title: 'step', parentId: parent.id }, gone);
    await harness.todos.create({ title: 'keep me', idempotencyKey: randomUUID() }, other);
    const goneId = gone.caller?.userId ?? '';
    const otherId = other.caller?.userId ?? '';
    expect([await todosOf(goneId), await keysOf(goneId)]).toEqual([2, 1]);

    await deleteAccount(goneId);
    await eventually(async () => expect([await todosOf(goneId), await keysOf(goneId)]).toEqual([0, 0]), { timeoutMs: 10_000 });
    expect([await todosOf(otherId), await keysOf(otherId)]).toEqual([1, 1]);
  });

  it('changes nothing when the same event is delivered again', async () => {
    const call = userCall();
    const userId = call.caller?.userId ?? '';
    await harness.todos.create({ title: 'before' }, call);
    const event = await deleteAccount(userId);
    await eventually(async () => expect(await todosOf(userId)).toBe(0), { timeoutMs: 10_000 });

    // Something of the same id made after the deletion (no real user has it again): a second run
    // of the effect would delete it, the inbox must not let it run.
    await harness.todos.create({ title: 'after' }, call);
    const duplicates = (await handled('duplicate')) ?? 0;
    // The same envelope again, under another message id, so JetStream's deduplication lets it
    // through: what an acknowledgement lost after the effect looks like to the consumer.
    const nats = await connect({ servers: natsUrl });
    try {
      await jetstream(nats).publish(eventSubject(prefix, 'auth', 'user.deleted'), JSON.stringify(event), { msgID: `again-${event.id}` });
    } finally {
      await nats.close();
    }
    await eventually(async () => expect(await handled('duplicate')).toBe(duplicates + 1), { timeoutMs: 10_000 });
    expect(await todosOf(userId)).toBe(1);
  });
});
