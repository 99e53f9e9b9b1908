// A small app of the tests' own for kill -9: a context's outbox relayed to JetStream and an
// inbox consumer of it, built from the event platform exactly as EventsModule builds it.
// Run with `node --import tsx`; stdin takes `write <n>` (one committed event per line) and
// stdout says `ready` and `committed <id>`.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { PoolClient } from 'pg';
import { createContextPool } from '../../../libs/common/src/database/prisma-adapter.js';
import { EventBus } from '../../../libs/common/src/events/event-bus.js';
import { pgInbox } from '../../../libs/common/src/events/inbox.js';
import { OutboxWriter } from '../../../libs/common/src/events/outbox-writer.js';
import { NOTE_EVENTS, recordEffect } from '../../support/events.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const database = { url: env('DATABASE_URL'), schema: env('EVENTS_SCHEMA'), poolSize: 4, timeouts: { poolMs: 2000, statementMs: 2000, lockMs: 1000 } };
const pool = createContextPool(database);
const bus = new EventBus({ transport: 'jetstream', natsUrl: env('NATS_URL'), subjectPrefix: env('NATS_SUBJECT_PREFIX'), retentionS: 3600 });
bus.relayOutbox(NOTE_EVENTS, database);
bus.subscribe({ name: 'fixture-consumer', source: NOTE_EVENTS, types: ['note.created'], inbox: pgInbox(pool), handle: (event, tx: PoolClient) => recordEffect(tx, 'fixture-consumer', event) });
const writer = new OutboxWriter(NOTE_EVENTS, database.schema);

async function write(n: number): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const [event] = await writer.write(client, { type: 'note.created', aggregateId: randomUUID(), ownerId: null, payload: { title: `note ${n}`, n } });
    await client.query('COMMIT');
    return event.id;
  } finally {
    client.release();
  }
}

await bus.start();
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, n] = line.trim().split(' ');
  if (command === 'write') process.stdout.write(`committed ${await write(Number(n))}\n`);
  if (command === 'stop') break;
}
await bus.stop();
await pool.end();
