import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Pool, PoolClient } from 'pg';
import { createContextPool } from '../../libs/common/src/database/prisma-adapter.js';
import { EventBus } from '../../libs/common/src/events/event-bus.js';
import { pgInbox } from '../../libs/common/src/events/inbox.js';
import { OutboxWriter } from '../../libs/common/src/events/outbox-writer.js';
import { eventually } from '../support/eventually.js';
import { createEventSchema, dropEventSchema, NOTE_EVENTS, recordEffect, sample, uniqueName } from '../support/events.js';
import { startThrowawayNats, type ThrowawayNats } from '../support/throwaway/index.js';

jest.setTimeout(120_000);

const URL = process.env.DATABASE_URL ?? '';
const OUTAGE_MS = 30_000;


/**
 * NATS killed for 30 s while events are written: they wait in the outbox (counted, logged once),
 * and once NATS is back every one reaches the idempotent consumer, none twice.
 */
describe('events while NATS is down', () => {
  const schema = uniqueName('events_outage');
  const database = { url: URL, schema, poolSize: 4, timeouts: { poolMs: 2000, statementMs: 2000, lockMs: 1000 } };
  const consumer = 'outage-consumer';
  let nats: ThrowawayNats;
  let pool: Pool;
  let bus: EventBus | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    nats = await startThrowawayNats();
    await createEventSchema(URL, schema);
    pool = createContextPool(database);
    for (const level of ['log', 'error', 'warn'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void lines.push(`${level}: ${String(args[0])}`));
    }
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    await bus?.stop();
    jest.restoreAllMocks();
    await pool?.end();
    await dropEventSchema(URL, schema);
    await nats?.stop();
  });

  it('delivers every event written during a 30 s outage once NATS is back, none twice, and logs the outage without a line per attempt', async () => {
    const registry = new Registry();
    bus = new EventBus({ transport: 'jetstream', natsUrl: nats.url, subjectPrefix: 'outage.', retentionS: 3600, registry });
    bus.relayOutbox(NOTE_EVENTS, database);
    bus.subscribe({ name: consumer, source: NOTE_EVENTS, types: ['note.created'], inbox: pgInbox(pool), handle: (event, tx: PoolClient) => recordEffect(tx, consumer, event) });
    await bus.start();
    const readiness = bus.transport.readiness;
    if (!readiness) throw new Error('JetStream has a readiness check');

    const writer = new OutboxWriter(NOTE_EVENTS, schema);
    const ids: string[] = [];
    const write = async (n: number) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const [event] = await writer.write(client, { type: 'note.created', aggregateId: randomUUID(), ownerId: null, payload: { title: 'x', n } });
        await client.query('COMMIT');
        ids.push(event.id);
      } finally {
        client.release();
      }
    };
    await write(0);
    await eventually(async () => expect(await pool.query('SELECT 1 FROM effects')).toMatchObject({ rowCount: 1 }));
    await expect(readiness(AbortSignal.timeout(2000))).resolves.toBeUndefined();

    await nats.kill();
    const downUntil = Date.now() + OUTAGE_MS;
    for (let n = 1; Date.now() < downUntil; n++) {
      await write(n);
      await new Promise((done) => setTimeout(done, 500));
    }
    await expect(readiness(AbortSignal.timeout(2000))).rejects.toThrow(/down|not set up/);
    expect(await sample(registry, 'ficus_outbox_pending_events', { context: 'notes' })).toBeGreaterThan(40);
    expect(await sample(registry, 'ficus_outbox_oldest_pending_seconds', { context: 'notes' })).toBeGreaterThan(20);
    expect(await sample(registry, 'ficus_outbox_publish_failures_total', { context: 'notes' })).toBeGreaterThan(0);

    await nats.start();
    const backAt = Date.now();
    await eventually(
      async () => {
        const { rows } = await pool.query<{ event_id: string }>('SELECT event_id FROM effects WHERE consumer = $1', [consumer]);
        expect(rows.map((row) => row.event_id).toSorted()).toEqual(ids.toSorted());
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    // The relay and the consumer are back within 10 s of NATS (reconnect ≤ 2 s, retries ≤ 2 s apart).
    expect(Date.now() - backAt).toBeLessThan(10_000);
    await eventually(() => readiness(AbortSignal.timeout(2000)));
    expect(await sample(registry, 'ficus_outbox_pending_events', { context: 'notes' })).toBe(0);
    // OutageLog: a line when it starts and at most one per 10 s while it lasts, one when it ends; never one per attempt.
    const publishLines = lines.filter((line) => line.includes('Publishing notes events'));
    expect(publishLines.at(-1)).toBe('log: Publishing notes events again');
    const failures = publishLines.slice(0, -1);
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures.length).toBeLessThanOrEqual(Math.ceil(OUTAGE_MS / 10_000) + 1);
    for (const line of failures) expect(line).toMatch(/^error: Publishing notes events failed \(.*\): they wait in the outbox and are retried until they are published$/);
  });
});
