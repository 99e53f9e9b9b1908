import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { EventBus, type EventEnvelope } from '@ficus/common';
import { TODOS_EVENTS, type TodoEventType } from '@ficus/contracts/todos';
import { createMigratedTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { eventually } from '../../../test/support/eventually.js';
import { deleteStreams } from '../../../test/support/events.js';
import { requireService } from '../../../test/support/services.js';
import { TodoEvents } from '../src/events/todo-events.js';
import { startTodosContext, userCall, type TodosHarness } from './support/todos-context.js';

/**
 * The todos context's events end to end over real PostgreSQL and NATS JetStream: every change
 * writes exactly its event in its own transaction, the relay publishes it, a consumer gets it
 * with the causing request's id. A database of its own, so this app's relay is the one leading.
 */
describe('todos context: events over JetStream', () => {
  const prefix = `todos-events-${randomBytes(4).toString('hex')}.`;
  const natsUrl = requireService('NATS_URL');
  const received: EventEnvelope<string, object>[] = [];
  let database: TestDatabase;
  let harness: TodosHarness;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('todos_events');
    harness = await startTodosContext({ DATABASE_URL: database.url, EVENTS_TRANSPORT: 'jetstream', NATS_URL: natsUrl, NATS_SUBJECT_PREFIX: prefix });
    const types = Object.keys(TODOS_EVENTS.versions) as TodoEventType[];
    // A consumer of the test's own: it only records (idempotent by itself, no inbox).
    harness.app.get(EventBus).subscribe({ name: 'todos-events-test', source: TODOS_EVENTS, types, handle: async (event) => void received.push(event) });
  });
  afterAll(async () => {
    await harness?.close();
    await database?.drop();
    await deleteStreams(natsUrl, prefix);
  });

  /** The events of `ownerId`'s todos received so far, as (type, aggregate) pairs. */
  const eventsOf = (ownerId: string) => received.filter((event) => event.ownerId === ownerId);

  /**
   * Makes one more change as a sentinel and waits for its event: the relay publishes in
   * sequence order, so every event committed before it has arrived too — "exactly" can be checked.
   */
  async function settled(call: ReturnType<typeof userCall>): Promise<EventEnvelope<string, object>[]> {
    const sentinel = await harness.todos.create({ title: 'sentinel' }, call);
    const ownerId = call.caller?.userId ?? '';
    await eventually(() => expect(eventsOf(ownerId).some((event) => event.aggregateId === sentinel.id)).toBe(true), { timeoutMs: 10_000 });
    return eventsOf(ownerId).filter((event) => event.aggregateId !== sentinel.id);
  }

  it('publishes todo.created with the view, the owner and the request id', async () => {
    const call = userCall();
    const todo = await harness.todos.create({ title: 'buy milk', tags: ['errands'] }, call);
    const events = await settled(call);
    expect(events).toEqual([
      expect.objectContaining({ type: 'todo.created', version: 1, aggregateId: todo.id, ownerId: call.caller?.userId, payload: todo, requestId: call.requestId }),
    ]);
  });

  it('publishes todo.updated, todo.completed and todo.deleted, one per change, none for a change of nothing', async () => {
    const call = userCall();
    const todo = await harness.todos.create({ title: 'draft' }, call);
    const renamed = await harness.todos.update({ id: todo.id, title: 'report' }, call);
    await harness.todos.update({ id: todo.id }, call); // nothing to change: no version, no event
    const completed = await harness.todos.update({ id: todo.id, done: true }, call);
    const retitled = await harness.todos.update({ id: todo.id, title: 'final report', done: true }, call);
    const reopened = await harness.todos.update({ id: todo.id, done: false }, call);
    await harness.todos.remove({ id: todo.id }, userCall(call.caller?.userId, { requestId: 'req-delete' }));
    const events = await settled(call);
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      ['todo.created', todo],
      ['todo.updated', renamed],
      ['todo.completed', completed],
      ['todo.updated', retitled], // done already: not completed again
      ['todo.updated', reopened],
      ['todo.deleted', { id: todo.id, parentId: null, version: reopened.version }],
    ]);
    expect(events.at(-1)?.requestId).toBe('req-delete');
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });

  it('publishes a todo.deleted for each subtask, before its parent', async () => {
    const call = userCall();
    const parent = await harness.todos.create({ title: 'trip' }, call);
    const child = await harness.todos.create({ title: 'pack', parentId: parent.id }, call);
    await harness.todos.remove({ id: parent.id, expectedVersion: 1 }, call);
    const deleted = (await settled(call)).filter((event) => event.type === 'todo.deleted');
    expect(deleted.map((event) => event.payload)).toEqual([
      { id: child.id, parentId: parent.id, version: 1 },
      { id: parent.id, parentId: null, version: 1 },
    ]);
  });

  it('publishes nothing for a refused change', async () => {
    const call = userCall();
    const todo = await harness.todos.create({ title: 'guarded' }, call);
    await expect(harness.todos.update({ id: todo.id, title: 'x', expectedVersion: 7 }, call)).rejects.toThrow();
    await expect(harness.todos.remove({ id: todo.id, expectedVersion: 7 }, call)).rejects.toThrow();
    expect((await settled(call)).map((event) => event.type)).toEqual(['todo.created']);
  });

  it('makes a second instance, which does not lead the relay, ready once the stream exists', async () => {
    const second = await startTodosContext({ DATABASE_URL: database.url, EVENTS_TRANSPORT: 'jetstream', NATS_URL: natsUrl, NATS_SUBJECT_PREFIX: prefix });
    try {
      const ready = await eventually(async () => {
        const response = await request(second.app.getHttpServer()).get('/ready');
        expect(response.status).toBe(200);
        return response.body as { details: Record<string, unknown> };
      });
      expect(Object.keys(ready.details)).toContain('jetstream');
    } finally {
      await second.close();
    }
  });

  it('publishes nothing for a change whose transaction rolled back after its event was written', async () => {
    const call = userCall();
    const todo = await harness.todos.create({ title: 'stays' }, call);
    const events = harness.app.get(TodoEvents, { strict: false });
    const original = events.changed.bind(events);
    // The transaction fails after the event was written in it: both must go.
    const failing = jest.spyOn(events, 'changed').mockImplementationOnce(async (...args) => {
      await original(...args);
      throw new Error('the commit failed');
    });
    try {
      await expect(harness.todos.update({ id: todo.id, title: 'never' }, call)).rejects.toThrow('the commit failed');
    } finally {
      failing.mockRestore();
    }
    await expect(harness.todos.get({ id: todo.id }, call)).resolves.toMatchObject({ title: 'stays', version: 1 });
    expect((await settled(call)).map((event) => event.type)).toEqual(['todo.created']);
  });
});
