import { randomUUID } from 'node:crypto';
import { createPrismaAdapter, OutboxWriter, prismaInbox } from '@ficus/common';
import { PrismaClient } from '../src/generated/prisma/client.js';
import { createEventSchema, dropEventSchema, NOTE_EVENTS, uniqueName } from '../../../test/support/events.js';

/**
 * The event platform with a context's real Prisma client (todos', over a schema of the test's
 * own that has the event tables): the outbox and the inbox work inside Prisma's interactive
 * transactions, committed and rolled back with them — what phase 2 wires into todos and auth.
 */
describe('outbox and inbox in a Prisma interactive transaction', () => {
  const url = process.env.DATABASE_URL ?? '';
  const schema = uniqueName('events_prisma');
  let prisma: PrismaClient;

  beforeAll(async () => {
    await createEventSchema(url, schema);
    prisma = new PrismaClient({ adapter: createPrismaAdapter({ url, schema, poolSize: 2, timeouts: { poolMs: 2000, statementMs: 2000, lockMs: 1000 } }) });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await dropEventSchema(url, schema);
  });

  const stored = async (): Promise<{ id: string; type: string; payload: unknown; request_id: string | null }[]> =>
    prisma.$queryRawUnsafe('SELECT id::text, type, payload, request_id FROM outbox_events ORDER BY sequence');

  it('writes the events of a committed transaction and none of a rolled-back one', async () => {
    const writer = new OutboxWriter(NOTE_EVENTS, schema);
    const committed = await prisma.$transaction((tx) =>
      writer.write(tx, [
        { type: 'note.created', aggregateId: 'a', ownerId: randomUUID(), payload: { title: 'one', n: 1 } },
        { type: 'note.renamed', aggregateId: 'a', ownerId: null, payload: { title: 'two', n: 2 } },
      ], { requestId: 'req-prisma' }),
    );
    await expect(
      prisma.$transaction(async (tx) => {
        await writer.write(tx, { type: 'note.created', aggregateId: 'b', ownerId: null, payload: { title: 'gone', n: 3 } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await stored()).toEqual(committed.map((event) => ({ id: event.id, type: event.type, payload: event.payload, request_id: 'req-prisma' })));
  });

  it('remembers an event in the inbox with the effect, once', async () => {
    const inbox = prismaInbox(prisma);
    const eventId = randomUUID();
    const effect = (n: number) => (tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0]) =>
      tx.$executeRawUnsafe('INSERT INTO effects (consumer, event_id, aggregate_id, n) VALUES ($1, $2::uuid, $3, $4::int)', 'prisma', eventId, 'a', n).then(() => undefined);
    await expect(inbox.once('prisma', eventId, async (tx) => {
      await effect(1)(tx);
      throw new Error('the effect failed');
    })).rejects.toThrow('the effect failed');
    expect(await inbox.once('prisma', eventId, effect(2))).toBe(true);
    expect(await inbox.once('prisma', eventId, effect(3))).toBe(false);
    expect(await prisma.$queryRawUnsafe('SELECT n FROM effects')).toEqual([{ n: 2 }]);
  });
});
