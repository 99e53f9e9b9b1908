import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import type { Pool } from 'pg';
import { createContextPool } from '../../libs/common/src/database/prisma-adapter.js';
import { EventBus } from '../../libs/common/src/events/event-bus.js';
import type { EventEnvelope } from '../../libs/common/src/events/event-envelope.js';
import { eventStreamName } from '../../libs/common/src/events/jetstream-names.js';
import { EventMetrics } from '../../libs/common/src/events/event-metrics.js';
import { JetStreamEventTransport } from '../../libs/common/src/events/jetstream-event-transport.js';
import { EventDeliveries } from '../../libs/common/src/events/event-delivery.js';
import { OutboxRelay } from '../../libs/common/src/events/outbox-relay.js';
import { OutboxWriter } from '../../libs/common/src/events/outbox-writer.js';
import { eventually } from '../support/eventually.js';
import { createEventSchema, deleteStreams, dropEventSchema, NOTE_EVENTS, streamEvents, uniqueName } from '../support/events.js';

jest.setTimeout(60_000);

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const URL = process.env.DATABASE_URL ?? '';
const TIMEOUTS = { poolMs: 2000, statementMs: 2000, lockMs: 1000 };

/** The outbox relayed to a real JetStream (the shared server, under a prefix of this file's own). */
describe('outbox relay to JetStream', () => {
  const schema = uniqueName('events_relay');
  const prefix = `${uniqueName('relay')}.`;
  const database = { url: URL, schema, poolSize: 8, timeouts: TIMEOUTS };
  const writer = new OutboxWriter(NOTE_EVENTS, schema);
  let pool: Pool;
  let bus: EventBus;

  const newBus = (): EventBus =>
    new EventBus({ transport: 'jetstream', natsUrl: NATS_URL, subjectPrefix: prefix, retentionS: 3600, registry: new Registry(), relayTiming: { pollMs: 5000 } });

  /** One transaction: a note changed, and its event written after the change. */
  const change = async (id: string, n: number, outcome: 'commit' | 'rollback' = 'commit'): Promise<EventEnvelope[]> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO notes (id, title) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET version = notes.version + 1, title = EXCLUDED.title', [id, `note ${n}`]);
      const events = await writer.write(client, { type: n === 0 ? 'note.created' : 'note.renamed', aggregateId: id, ownerId: null, payload: { title: `note ${n}`, n } }, { requestId: `req-${n}` });
      await client.query(outcome === 'commit' ? 'COMMIT' : 'ROLLBACK');
      return events;
    } finally {
      client.release();
    }
  };

  const stream = () => streamEvents(NATS_URL, eventStreamName(prefix, NOTE_EVENTS.context));

  beforeAll(async () => {
    await createEventSchema(URL, schema);
    pool = createContextPool(database);
  });
  afterAll(async () => {
    await bus?.stop();
    await pool?.end();
    await dropEventSchema(URL, schema);
    await deleteStreams(NATS_URL, prefix);
  });

  /** Bumps a note's version under its row lock and writes the event for it: n is the new version. */
  const bump = async (id: string): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ version: number }>('UPDATE notes SET version = version + 1 WHERE id = $1 RETURNING version', [id]);
      await writer.write(client, { type: 'note.renamed', aggregateId: id, ownerId: null, payload: { title: 'x', n: rows[0].version } });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  beforeEach(async () => {
    await bus?.stop();
    await pool.query('TRUNCATE outbox_events, notes');
    await deleteStreams(NATS_URL, prefix);
  });

  it('publishes every committed event once, in order, within a second of its commit, and none of a rolled-back change', async () => {
    bus = newBus();
    bus.relayOutbox(NOTE_EVENTS, database);
    await bus.start();
    const id = randomUUID();
    const committedAt = Date.now();
    const [first] = await change(id, 0);
    // Woken by the commit's NOTIFY, not by the 5 s poll.
    await eventually(async () => expect((await stream()).map((event) => event.id)).toEqual([first.id]), { timeoutMs: 1000, intervalMs: 20 });
    expect(Date.now() - committedAt).toBeLessThan(1000);

    await change(id, 1, 'rollback');
    const [third] = await change(id, 2);
    await eventually(async () => expect((await stream()).map((event) => event.id)).toEqual([first.id, third.id]), { timeoutMs: 2000, intervalMs: 20 });
    const published = await stream();
    expect(published[0]).toEqual(first);
    expect(published[1]).toMatchObject({ type: 'note.renamed', version: 2, aggregateId: id, payload: { title: 'note 2', n: 2 }, requestId: 'req-2', traceparent: '', tracestate: '' });
    const { rows } = await pool.query('SELECT count(*)::int AS pending FROM outbox_events WHERE published_at IS NULL');
    expect(rows[0].pending).toBe(0);
  });

  it('keeps the order of each aggregate under concurrent writers', async () => {
    bus = newBus();
    bus.relayOutbox(NOTE_EVENTS, database);
    await bus.start();
    const notes = Array.from({ length: 4 }, () => randomUUID());
    for (const id of notes) await pool.query('INSERT INTO notes (id, title) VALUES ($1, $2)', [id, 'x']);
    // 8 writers at once, each bumping random notes: commits interleave, sequences have gaps.
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 15; i++) await bump(notes[Math.floor(Math.random() * notes.length)]);
    }));
    const published = await eventually(async () => {
      const events = await stream();
      expect(events).toHaveLength(120);
      return events;
    }, { timeoutMs: 15_000 });
    for (const id of notes) {
      const ns = published.filter((event) => event.aggregateId === id).map((event) => (event.payload as { n: number }).n);
      expect(ns).toEqual(ns.map((_n, index) => index + 2));
    }
    expect(new Set(published.map((event) => event.id)).size).toBe(120);
  });

  it('stores an event once when its publish is repeated because the acknowledgement never reached the row', async () => {
    // The staged race: JetStream stored and acknowledged the event, and the relay "died" before
    // marking its row. The next attempt publishes it again under the same Nats-Msg-Id.
    const metrics = new EventMetrics(new Registry());
    const jetStream = new JetStreamEventTransport({ servers: NATS_URL, prefix, retentionS: 3600 }, new EventDeliveries(metrics));
    let crashes = 2;
    const crashingAfterAck = {
      publish: async (context: string, event: EventEnvelope) => {
        await jetStream.publish(context, event);
        if (crashes-- > 0) throw new Error('died before marking the row');
      },
    };
    const relay = new OutboxRelay({ context: NOTE_EVENTS.context, database, publisher: crashingAfterAck, metrics, timing: { retryFirstMs: 20, retryMaxMs: 50 } });
    relay.start();
    try {
      const [event] = await change(randomUUID(), 0);
      await eventually(async () => {
        const { rows } = await pool.query('SELECT attempts, published_at FROM outbox_events WHERE id = $1', [event.id]);
        expect(rows[0]).toMatchObject({ attempts: 3, published_at: expect.any(Date) });
      });
      expect((await stream()).map((published) => published.id)).toEqual([event.id]);
    } finally {
      await relay.stop();
      await jetStream.close();
    }
  });

  it('publishes from one instance at a time, and another takes over when the leader stops', async () => {
    const relays = [newBus(), newBus()];
    const [first, second] = relays.map((instance) => instance.relayOutbox(NOTE_EVENTS, database));
    await relays[0].start();
    await eventually(() => expect(first.isLeader).toBe(true));
    await relays[1].start();
    const before = await change(randomUUID(), 0);
    await eventually(async () => expect(await stream()).toHaveLength(1));
    expect(second.isLeader).toBe(false);
    await relays[0].stop();
    const after = await change(randomUUID(), 0);
    // The standby asks for the leadership at its poll (5 s here) and publishes what waits.
    await eventually(async () => expect((await stream()).map((event) => event.id)).toEqual([before[0].id, after[0].id]), { timeoutMs: 10_000 });
    expect(second.isLeader).toBe(true);
    bus = relays[1];
  });
});
