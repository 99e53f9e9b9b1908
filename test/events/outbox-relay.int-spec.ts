import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import type { Pool } from 'pg';
import { createContextPool } from '../../libs/common/src/database/prisma-adapter.js';
import { EventBus } from '../../libs/common/src/events/event-bus.js';
import type { EventEnvelope } from '../../libs/common/src/events/event-envelope.js';
import { eventStreamName } from '../../libs/common/src/events/jetstream-names.js';
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
});
