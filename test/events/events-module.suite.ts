import { randomUUID } from 'node:crypto';
import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import request from 'supertest';
import type { Pool, PoolClient } from 'pg';
import { createContextPool, EventBus, OutboxWriter, pgInbox, type AppDefinition } from '@ficus/common';
import { FICUS_APPS } from '../../apps/contexts.js';
import { eventually } from '../support/eventually.js';
import { createEventSchema, deleteStreams, dropEventSchema, NOTE_EVENTS, recordEffect, uniqueName } from '../support/events.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const URL = process.env.DATABASE_URL ?? '';
const POOL = Symbol('notes pool');
const SCHEMA = Symbol('notes schema');

/** A context as phase 2 wires one: it relays its outbox and subscribes a handler while its module initialises. */
@Module({})
class NotesModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(POOL) private readonly pool: Pool,
    @Inject(SCHEMA) private readonly schema: string,
  ) {}

  static forSchema(schema: string): DynamicModule {
    return {
      module: NotesModule,
      providers: [
        { provide: POOL, useFactory: () => createContextPool({ url: URL, schema, poolSize: 2 }) },
        { provide: SCHEMA, useValue: schema },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  onModuleInit(): void {
    this.bus.relayOutbox(NOTE_EVENTS, { url: URL, schema: this.schema, poolSize: 2 });
    this.bus.subscribe({
      name: 'notes-log',
      source: NOTE_EVENTS,
      types: ['note.created'],
      inbox: pgInbox(this.pool),
      handle: async (event, tx: PoolClient) => {
        new Logger('NoteHandler').log(`Handled note ${event.payload.n}`);
        await recordEffect(tx, 'notes-log', event);
      },
    });
  }
}

/**
 * The event platform inside a real app (createApp): the bus starts after the modules registered
 * on it, handlers log in their event's request context, /ready names JetStream when it is used,
 * /metrics has the outbox series, and the app stops cleanly. One app per test file: nestjs-pino's
 * root logger, which logs outside HTTP requests, is one per process (module registry).
 */
export function eventsModuleSuite(transport: 'jetstream' | 'local'): void {
describe(`EventsModule in an app, EVENTS_TRANSPORT=${transport}`, () => {
  const schema = uniqueName(`events_app_${transport}`);
  const prefix = `${uniqueName('app')}.`;
  let testApp: TestApp;
  let pool: Pool;

  beforeAll(async () => {
    await createEventSchema(URL, schema);
    pool = createContextPool({ url: URL, schema, poolSize: 2 });
    const definition: AppDefinition = { name: 'notes', apps: FICUS_APPS, module: NotesModule.forSchema(schema) };
    testApp = await startTestApp(definition, { EVENTS_TRANSPORT: transport, NATS_SUBJECT_PREFIX: prefix });
  });
  afterAll(async () => {
    await testApp?.app.close();
    await pool?.end();
    await dropEventSchema(URL, schema);
    if (transport === 'jetstream') await deleteStreams(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', prefix);
  });

  it('runs the handler in the request context of the change that caused the event', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await new OutboxWriter(NOTE_EVENTS, schema).write(client, { type: 'note.created', aggregateId: randomUUID(), ownerId: null, payload: { title: 'x', n: 42 } }, { requestId: 'req-caused-it' });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await eventually(() => expect(testApp.logs.lines).toContainEqual(expect.objectContaining({ msg: 'Handled note 42' })), { timeoutMs: 5000 });
    const line = testApp.logs.lines.find((entry) => entry.msg === 'Handled note 42');
    expect(line).toMatchObject({ requestId: 'req-caused-it', consumer: 'notes-log', event: { type: 'note.created' }, context: 'NoteHandler' });
  });

  it(`${transport === 'jetstream' ? 'names' : 'does not name'} JetStream in /ready, and has the outbox series in /metrics`, async () => {
    const server = testApp.app.getHttpServer();
    const ready = await request(server).get('/ready').expect(200);
    expect(Object.keys(ready.body.info)).toEqual(transport === 'jetstream' ? expect.arrayContaining(['jetstream']) : expect.not.arrayContaining(['jetstream']));
    const metrics = await request(server).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^ficus_outbox_pending_events\{context="notes",app="notes"\} 0$/m);
    expect(metrics.text).toMatch(/^ficus_outbox_published_total\{context="notes",app="notes"\} 1$/m);
    expect(metrics.text).toMatch(/^ficus_events_handled_total\{consumer="notes-log",outcome="handled",app="notes"\} 1$/m);
  });
});
}
