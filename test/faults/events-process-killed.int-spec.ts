import { Client } from 'pg';
import { eventStreamName } from '../../libs/common/src/events/jetstream-names.js';
import { eventually } from '../support/eventually.js';
import { createEventSchema, dropEventSchema, streamEvents, uniqueName } from '../support/events.js';
import { startThrowawayNats, type ThrowawayNats } from '../support/throwaway/index.js';
import { FixtureProcess } from './support/events-fixture-process.js';

jest.setTimeout(120_000);

const URL = process.env.DATABASE_URL ?? '';

/**
 * kill -9 of the process that committed events before JetStream acknowledged them (NATS frozen
 * with their publish in flight): after a restart every event is in the stream exactly once and
 * reached the consumer once.
 */
describe('events when their process is killed between commit and publish', () => {
  const schema = uniqueName('events_killed');
  let nats: ThrowawayNats;
  let db: Client;
  let fixture: FixtureProcess | undefined;

  beforeAll(async () => {
    nats = await startThrowawayNats();
    await createEventSchema(URL, schema);
    db = new Client({ connectionString: URL, options: `-c search_path=${schema}` });
    await db.connect();
  });
  afterAll(async () => {
    nats?.resume();
    await fixture?.stop();
    await db?.end();
    await dropEventSchema(URL, schema);
    await nats?.stop();
  });

  it('publishes and delivers after the restart what was committed before the kill, each event once', async () => {
    const env = { DATABASE_URL: URL, EVENTS_SCHEMA: schema, NATS_URL: nats.url, NATS_SUBJECT_PREFIX: 'killed.', LOG_LEVEL: 'silent' };
    const stream = () => streamEvents(nats.url, eventStreamName('killed.', 'notes'));
    fixture = await FixtureProcess.start(env);
    const ids = [await fixture.write(0)];
    await eventually(async () => expect((await stream()).map((event) => event.id)).toEqual(ids));

    nats.pause();
    for (let n = 1; n <= 3; n++) ids.push(await fixture.write(n));
    // Committed; the relay's publish is in flight and no acknowledgement can come.
    const pending = await db.query<{ id: string }>('SELECT id FROM outbox_events WHERE published_at IS NULL ORDER BY sequence');
    expect(pending.rows.map((row) => row.id)).toEqual(ids.slice(1));
    await fixture.kill();
    nats.resume();

    fixture = await FixtureProcess.start(env);
    await eventually(async () => expect((await stream()).map((event) => event.id)).toEqual(ids), { timeoutMs: 15_000 });
    await eventually(async () => {
      const { rows } = await db.query<{ event_id: string }>('SELECT event_id FROM effects ORDER BY seq');
      expect(rows.map((row) => row.event_id)).toEqual(ids);
    });
    const { rows } = await db.query<{ pending: number }>('SELECT count(*)::int AS pending FROM outbox_events WHERE published_at IS NULL');
    expect(rows[0].pending).toBe(0);
  });
});
