import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Pool, PoolClient } from 'pg';
import { createContextPool } from '../../libs/common/src/database/prisma-adapter.js';
import { EventBus } from '../../libs/common/src/events/event-bus.js';
import { pgInbox } from '../../libs/common/src/events/inbox.js';
import { OutboxWriter } from '../../libs/common/src/events/outbox-writer.js';
import { eventually } from '../support/eventually.js';
import { createEventSchema, deleteStreams, dropEventSchema, NOTE_EVENTS, recordEffect, uniqueName, type NoteEvents } from '../support/events.js';

jest.setTimeout(60_000);

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const URL = process.env.DATABASE_URL ?? '';
const TIMEOUTS = { poolMs: 2000, statementMs: 2000, lockMs: 1000 };

/**
 * With tracing on (here an in-memory SDK), an event continues the trace of the request that
 * wrote it: the outbox keeps the request's trace context, and each consumer handles the event in
 * a `process` span whose parent is the writing request's span — over JetStream and in-process.
 */
describe.each(['jetstream', 'local'] as const)('event tracing over %s', (transport) => {
  const schema = uniqueName(`events_trace_${transport}`);
  const prefix = `${uniqueName('traced')}.`;
  const database = { url: URL, schema, poolSize: 4, timeouts: TIMEOUTS };
  const writer = new OutboxWriter(NOTE_EVENTS, schema);
  const exporter = new InMemorySpanExporter();
  const contextManager = new AsyncLocalStorageContextManager();
  let pool: Pool;
  let bus: EventBus;

  beforeAll(async () => {
    context.setGlobalContextManager(contextManager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
    await createEventSchema(URL, schema);
    pool = createContextPool(database);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    await bus?.stop();
    await pool?.end();
    await dropEventSchema(URL, schema);
    if (transport === 'jetstream') await deleteStreams(NATS_URL, prefix);
    trace.disable();
    propagation.disable();
    context.disable();
    jest.restoreAllMocks();
  });

  it("stores the writing request's trace context with the event and handles the event in a span continuing it", async () => {
    const consumer = uniqueName('traced');
    const handledIn: string[] = [];
    bus = new EventBus({ transport, natsUrl: NATS_URL, subjectPrefix: prefix, retentionS: 3600, registry: new Registry(), relayTiming: { pollMs: 5000 } });
    bus.relayOutbox(NOTE_EVENTS, database);
    bus.subscribe<NoteEvents, 'note.created', PoolClient>({
      name: consumer,
      source: NOTE_EVENTS,
      types: ['note.created'],
      inbox: pgInbox(pool),
      handle: async (event, tx) => {
        handledIn.push(trace.getActiveSpan()?.spanContext().spanId ?? 'no span');
        await recordEffect(tx, consumer, event);
      },
    });
    await bus.start();

    // The request: a server span, and inside it the transaction that writes the event.
    const request = trace.getTracer('test').startSpan('POST /notes', { kind: SpanKind.SERVER });
    const written = await context.with(trace.setSpan(context.active(), request), async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const [event] = await writer.write(client, { type: 'note.created', aggregateId: randomUUID(), ownerId: 'owner-1', payload: { title: 'traced', n: 1 } }, { requestId: 'req-traced' });
        await client.query('COMMIT');
        return event;
      } finally {
        client.release();
      }
    });
    request.end();
    const { traceId, spanId } = request.spanContext();
    expect(written.traceparent).toBe(`00-${traceId}-${spanId}-01`);

    const processed = await eventually(() => {
      const span = exporter.getFinishedSpans().find((each: ReadableSpan) => each.name === 'process note.created' && each.attributes['messaging.consumer.group.name'] === consumer);
      if (!span) throw new Error('the event was not handled in a span yet');
      return span;
    });
    expect(processed.kind).toBe(SpanKind.CONSUMER);
    expect(processed.spanContext().traceId).toBe(traceId);
    expect(processed.parentSpanContext?.spanId).toBe(spanId);
    expect(processed.attributes).toMatchObject({
      'messaging.system': transport === 'jetstream' ? 'nats' : 'ficus',
      'messaging.operation.type': 'process',
      'messaging.message.id': written.id,
      'ficus.request_id': 'req-traced',
    });
    // The handler ran inside it (its queries and log lines belong to the trace).
    expect(handledIn).toEqual([processed.spanContext().spanId]);
  });
});
