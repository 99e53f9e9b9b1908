import { v7 as uuidv7 } from 'uuid';
import { activeTraceContext } from '../tracing/message-tracing.js';
import type { EventCatalog, EventPayloads } from './event-catalog.js';
import type { EventCause, EventEnvelope, NewEvent } from './event-envelope.js';
import { executeIn, type EventTransaction } from './event-transaction.js';
import { assertJsonSafe } from './json-safe.js';
import { outboxChannel } from './outbox-channel.js';

/** Largest envelope the outbox accepts, as JSON; well inside NATS' default 1 MiB message limit. */
export const MAX_EVENT_BYTES = 256 * 1024;

const INSERT = `INSERT INTO outbox_events (id, type, version, occurred_at, aggregate_id, owner_id, payload, request_id, traceparent, tracestate)
VALUES ($1::uuid, $2::varchar, $3::int, $4::timestamptz, $5::varchar, $6::varchar, $7::jsonb, $8::varchar, $9::varchar, $10::varchar)`;

/** Longest `tracestate` the outbox stores (its column); a longer one is left out, the trace still continues. */
const MAX_TRACESTATE = 512;

/** The writing request's trace context (when tracing), so that the event's consumers continue its trace. */
function traceCause(): EventCause {
  const trace = activeTraceContext();
  if (!trace?.traceparent) return {};
  return { traceparent: trace.traceparent, tracestate: (trace.tracestate?.length ?? 0) <= MAX_TRACESTATE ? trace.tracestate : undefined };
}

/** The event types of a catalog, each with its payload: what `write` accepts. */
export type CatalogEvent<P extends EventPayloads> = { [T in keyof P & string]: NewEvent<T, P[T] & object> }[keyof P & string];

/**
 * Writes a context's events into its outbox inside the caller's transaction, so an event exists
 * exactly when the change it describes was committed. Write it after the change itself: the
 * change's row lock then orders the events of one aggregate (a second writer of the same todo
 * waits for the first to commit before it gets a later sequence).
 *
 * Each write also sends `NOTIFY` on the context's outbox channel, which PostgreSQL delivers only
 * on commit: the relay (in this instance or another) wakes at once instead of at its next poll.
 */
export class OutboxWriter<P extends EventPayloads> {
  private readonly notify: string;

  /**
   * @param catalog - the context's declared events (its contract)
   * @param schema - the context's Postgres schema; defaults to the context's name, as everywhere in Ficus
   */
  constructor(
    private readonly catalog: EventCatalog<P>,
    schema: string = catalog.context,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.notify = `NOTIFY ${outboxChannel(schema)}`;
  }

  /**
   * Adds `events` to the outbox in `tx` (a pg client inside BEGIN, or Prisma's transaction
   * client) and resolves their envelopes. Throws before writing anything when an event's type
   * is not in the catalog, its payload is not JSON-safe, or it is larger than {@link MAX_EVENT_BYTES}.
   */
  async write(tx: EventTransaction, events: CatalogEvent<P> | CatalogEvent<P>[], cause: EventCause = {}): Promise<EventEnvelope[]> {
    const traced = cause.traceparent === undefined ? traceCause() : cause;
    const envelopes = (Array.isArray(events) ? events : [events]).map((event) => this.envelope(event, { ...cause, ...traced }));
    for (const envelope of envelopes) {
      await executeIn(tx, INSERT, [
        envelope.id,
        envelope.type,
        envelope.version,
        envelope.occurredAt,
        envelope.aggregateId,
        envelope.ownerId,
        JSON.stringify(envelope.payload),
        envelope.requestId,
        envelope.traceparent,
        envelope.tracestate,
      ]);
    }
    if (envelopes.length > 0) await executeIn(tx, this.notify, []);
    return envelopes;
  }

  private envelope(event: NewEvent<string, object>, cause: EventCause): EventEnvelope {
    const version = (this.catalog.versions as Record<string, number | undefined>)[event.type];
    if (version === undefined) throw new Error(`Event type "${event.type}" is not declared in the ${this.catalog.context} event catalog`);
    assertJsonSafe(event.payload);
    const envelope: EventEnvelope = {
      id: uuidv7(),
      type: event.type,
      version,
      occurredAt: this.now().toISOString(),
      aggregateId: event.aggregateId,
      ownerId: event.ownerId,
      payload: event.payload,
      requestId: cause.requestId ?? null,
      traceparent: cause.traceparent ?? '',
      tracestate: cause.tracestate ?? '',
    };
    const bytes = Buffer.byteLength(JSON.stringify(envelope));
    if (bytes > MAX_EVENT_BYTES) throw new Error(`Event ${event.type} is ${bytes} bytes as JSON, more than the ${MAX_EVENT_BYTES} an event may have`);
    return envelope;
  }
}
