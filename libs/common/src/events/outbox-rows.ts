import type { EventEnvelope, JsonObject } from './event-envelope.js';

/** One pending outbox row as the relay reads it. */
export interface OutboxRow {
  /** bigint as a string (pg's default for int8). */
  sequence: string;
  id: string;
  type: string;
  version: number;
  occurred_at: Date;
  aggregate_id: string;
  owner_id: string | null;
  payload: JsonObject;
  request_id: string | null;
  traceparent: string;
  tracestate: string;
}

/** Pending rows, oldest first. The (published_at, sequence) index serves it. */
export const SELECT_PENDING = `SELECT sequence, id, type, version, occurred_at, aggregate_id, owner_id, payload, request_id, traceparent, tracestate
FROM outbox_events WHERE published_at IS NULL ORDER BY sequence LIMIT $1`;

export const MARK_PUBLISHED = 'UPDATE outbox_events SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE sequence = ANY($1::bigint[])';

export const MARK_FAILED = 'UPDATE outbox_events SET attempts = attempts + 1, last_error = left($2, 500) WHERE sequence = $1::bigint';

export const PENDING_STATS = `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0)::float8 AS "oldestSeconds"
FROM outbox_events WHERE published_at IS NULL`;

/** Published rows older than the retention, a bounded batch at a time (no long lock, no huge transaction). */
export const PURGE_PUBLISHED = `DELETE FROM outbox_events WHERE sequence IN (
  SELECT sequence FROM outbox_events WHERE published_at < now() - make_interval(secs => $1::int) LIMIT 10000)`;

/** The envelope a row holds, exactly as the writer built it. */
export function envelopeOf(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: row.occurred_at.toISOString(),
    aggregateId: row.aggregate_id,
    ownerId: row.owner_id,
    payload: row.payload,
    requestId: row.request_id,
    traceparent: row.traceparent,
    tracestate: row.tracestate,
  };
}
