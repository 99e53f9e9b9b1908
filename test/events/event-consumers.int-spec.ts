import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Pool, PoolClient } from 'pg';
import { createContextPool } from '../../libs/common/src/database/prisma-adapter.js';
import { EventBus } from '../../libs/common/src/events/event-bus.js';
import type { EventEnvelope } from '../../libs/common/src/events/event-envelope.js';
import { pgInbox } from '../../libs/common/src/events/inbox.js';
import { deadLetterStreamName, eventSubject } from '../../libs/common/src/events/jetstream-names.js';
import { LocalEventTransport } from '../../libs/common/src/events/local-event-transport.js';
import type { DeadLetter } from '../../libs/common/src/events/event-transport.js';
import { OutboxWriter } from '../../libs/common/src/events/outbox-writer.js';
import { eventually } from '../support/eventually.js';
import { createEventSchema, deleteStreams, dropEventSchema, NOTE_EVENTS, recordEffect, sample, uniqueName, type NoteEvents } from '../support/events.js';

jest.setTimeout(60_000);

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const URL = process.env.DATABASE_URL ?? '';
const TIMEOUTS = { poolMs: 2000, statementMs: 2000, lockMs: 1000 };


/**
 * The same consumers over JetStream and in-process: one handling per event through the inbox,
 * bounded redelivery with back-off, then the dead letter; handlers in the event's logging context.
 */
describe.each(['jetstream', 'local'] as const)('event consumers over %s', (transport) => {
  const schema = uniqueName(`events_${transport}`);
  const prefix = `${uniqueName('consumers')}.`;
  const database = { url: URL, schema, poolSize: 8, timeouts: TIMEOUTS };
  const writer = new OutboxWriter(NOTE_EVENTS, schema);
  let pool: Pool;
  let bus: EventBus;
  let registry: Registry;
  let errors: string[];

  const write = async (n: number, requestId = `req-${n}`): Promise<EventEnvelope> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const [event] = await writer.write(client, { type: 'note.created', aggregateId: randomUUID(), ownerId: 'owner-1', payload: { title: `note ${n}`, n } }, { requestId });
      await client.query('COMMIT');
      return event;
    } finally {
      client.release();
    }
  };
  const effects = async (consumer: string): Promise<number[]> =>
    (await pool.query<{ n: number }>('SELECT n FROM effects WHERE consumer = $1 ORDER BY seq', [consumer])).rows.map((row) => row.n);

  beforeAll(async () => {
    await createEventSchema(URL, schema);
    pool = createContextPool(database);
  });
  beforeEach(async () => {
    // Each test's consumer starts from an empty stream and outbox.
    await pool.query('TRUNCATE outbox_events, effects');
    if (transport === 'jetstream') await deleteStreams(NATS_URL, prefix);
    errors = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => void errors.push(String(args[0])));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    registry = new Registry();
  });
  afterEach(async () => {
    await bus?.stop();
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await pool?.end();
    await dropEventSchema(URL, schema);
    if (transport === 'jetstream') await deleteStreams(NATS_URL, prefix);
  });

  const start = async (setup: (bus: EventBus) => void, logContext?: ConstructorParameters<typeof EventBus>[0]['logContext']): Promise<EventBus> => {
    bus = new EventBus({ transport, natsUrl: NATS_URL, subjectPrefix: prefix, retentionS: 3600, registry, logContext, relayTiming: { pollMs: 5000 } });
    bus.relayOutbox(NOTE_EVENTS, database);
    setup(bus);
    await bus.start();
    return bus;
  };

  it('hands each event to the handler in its logging context, once per event through the inbox, also when delivered twice', async () => {
    const consumer = uniqueName('inbox');
    const contexts: Record<string, unknown>[] = [];
    await start(
      (events) =>
        events.subscribe<NoteEvents, 'note.created', PoolClient>({
          name: consumer,
          source: NOTE_EVENTS,
          types: ['note.created'],
          inbox: pgInbox(pool),
          handle: (event, tx) => recordEffect(tx, consumer, event),
        }),
      async (bindings, work) => {
        contexts.push(bindings);
        return work();
      },
    );
    const first = await write(1, 'request-of-note-1');
    await eventually(async () => expect(await effects(consumer)).toEqual([1]), { timeoutMs: 2000, intervalMs: 20 });
    expect(contexts).toEqual([{ requestId: 'request-of-note-1', event: { id: first.id, type: 'note.created' }, consumer }]);

    // The same event arrives again: over JetStream after its duplicate window (another
    // Nats-Msg-Id); in-process when a relay repeats a publish whose row it could not mark.
    if (transport === 'jetstream') {
      const client = await connect({ servers: NATS_URL });
      await jetstream(client).publish(eventSubject(prefix, 'notes', first.type), JSON.stringify(first), { msgID: `${first.id}-again` });
      await client.close();
    } else {
      await (bus.transport as LocalEventTransport).publish('notes', first);
    }
    await eventually(async () => expect(await sample(registry, 'ficus_events_handled_total', { consumer, outcome: 'duplicate' })).toBe(1));
    await write(2);
    await eventually(async () => expect(await effects(consumer)).toEqual([1, 2]));
    expect(await sample(registry, 'ficus_events_handled_total', { consumer, outcome: 'handled' })).toBe(2);
  });

  it('redelivers a failing event with back-off up to its bound, then dead-letters it with a metric and one log line, and goes on', async () => {
    const consumer = uniqueName('dlq');
    const attempts: number[] = [];
    const letters: DeadLetter[] = [];
    await start((events) =>
      events.subscribe({
        name: consumer,
        source: NOTE_EVENTS,
        types: ['note.created'],
        inbox: pgInbox(pool),
        delivery: { maxDeliveries: 3, backoffMs: [100, 300] },
        handle: async (event, tx: PoolClient) => {
          if (event.payload.n < 0) {
            attempts.push(Date.now());
            throw new Error('cannot handle a negative note');
          }
          await recordEffect(tx, consumer, event);
        },
      }),
    );
    if (bus.transport instanceof LocalEventTransport) bus.transport.onDeadLetter((letter) => letters.push(letter));
    const poison = await write(-1);
    const after = await write(7);
    await eventually(async () => expect(await effects(consumer)).toEqual([7]), { timeoutMs: 10_000 });
    expect(attempts).toHaveLength(3);
    // The back-off between deliveries: at least 100 ms, then at least 300 ms.
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(90);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(290);
    expect(await sample(registry, 'ficus_event_redeliveries_total', { consumer })).toBe(2);
    expect(await sample(registry, 'ficus_event_dead_letters_total', { consumer })).toBe(1);
    expect(await sample(registry, 'ficus_events_handled_total', { consumer, outcome: 'failed' })).toBe(3);
    expect(errors.filter((line) => line.includes('gave up'))).toEqual([
      expect.stringMatching(new RegExp(`^Consumer ${consumer} gave up on event ${poison.id} \\(note.created\\) after 3 deliveries: cannot handle a negative note; sent to `)),
    ]);
    if (transport === 'jetstream') {
      const client = await connect({ servers: NATS_URL });
      const message = await (await jetstreamManager(client)).streams.getMessage(deadLetterStreamName(prefix), { last_by_subj: `${prefix}events.dead-letter.${consumer}` });
      await client.close();
      expect(message?.json<EventEnvelope>()).toEqual(poison);
      expect(message?.header.get('Ficus-Error')).toBe('cannot handle a negative note');
      expect(message?.header.get('Ficus-Deliveries')).toBe('3');
    } else {
      expect(letters).toEqual([{ consumer, event: poison, deliveries: 3, error: 'cannot handle a negative note' }]);
    }
    expect(after.id).not.toBe(poison.id);
  });
});
