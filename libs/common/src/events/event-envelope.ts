/** A value that survives `JSON.stringify` → `JSON.parse` unchanged: what an event payload may hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object, the shape of every event payload. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * One domain event as it is stored in the outbox, published, and handed to every consumer —
 * the same JSON in every topology. A context documents its events (types, payloads) in its
 * contract next to its facade; this envelope is what they share.
 */
export interface EventEnvelope<T extends string = string, P extends object = JsonObject> {
  /** UUID v7 (time-ordered); the deduplication key of the publish (`Nats-Msg-Id`) and of every inbox. */
  id: string;
  /** What happened, `<aggregate>.<past tense>`: `todo.created`, `user.deleted`. */
  type: T;
  /** Version of the payload's shape for this type; a consumer ignores or adapts versions it does not know. */
  version: number;
  /** When the change was made (ISO 8601, UTC, milliseconds): the writing transaction's time. */
  occurredAt: string;
  /** The entity that changed (a todo's id, a user's id); events of one aggregate are published in order. */
  aggregateId: string;
  /** The user the change belongs to (whose clients may see it); null for changes that belong to nobody. */
  ownerId: string | null;
  /**
   * The facts of the change as the context's contract documents them for `type` at `version`:
   * JSON-safe (checked when written), typed by the contract's interfaces.
   */
  payload: P;
  /** `x-request-id` of the request that caused the change; null for background work. */
  requestId: string | null;
  /** W3C Trace Context `traceparent` of that request; empty until tracing lands. */
  traceparent: string;
  /** W3C Trace Context `tracestate` of that request; empty until tracing lands. */
  tracestate: string;
}

/** What caused an event: the request (or background job) whose transaction writes it. */
export interface EventCause {
  requestId?: string | null;
  traceparent?: string;
  tracestate?: string;
}

/** What a context says when it writes an event; the outbox writer adds the rest of the envelope. */
export interface NewEvent<T extends string = string, P extends object = JsonObject> {
  type: T;
  aggregateId: string;
  ownerId: string | null;
  payload: P;
}
