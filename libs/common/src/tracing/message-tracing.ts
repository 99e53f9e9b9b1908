import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { Observable } from 'rxjs';
import { tracingActive } from './start-tracing.js';

/**
 * The W3C trace context of a message between apps (`traceparent`, and `tracestate` when there
 * is one), carried in the signed envelope: signed with the message, so the receiver continues
 * only a trace the sending app put there.
 */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** How messages travel between apps: `messaging.system` of their spans (`ficus`: in this process). */
export type MessagingSystem = 'nats' | 'tcp' | 'ficus';

/** What the spans of one message say about it. */
export interface MessageFacts {
  system: MessagingSystem;
  /** The subject (NATS, with NATS_SUBJECT_PREFIX) or pattern (TCP) it travels under. */
  destination: string;
  /** The request id of the call, to find the request's log lines from its spans (none for background work). */
  requestId?: string;
}

// Messaging attributes of the OpenTelemetry semantic conventions (still "development" there,
// so copied rather than imported from the incubating entry point, as its README advises).
const MESSAGING_SYSTEM = 'messaging.system';
const MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
const MESSAGING_OPERATION_NAME = 'messaging.operation.name';
const MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
/** The message id of the envelope's credential: unique per message (the replay cache keys on it). */
export const MESSAGING_MESSAGE_ID = 'messaging.message.id';
const MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
const REQUEST_ID = 'ficus.request_id';

const tracer = () => trace.getTracer('ficus-transport');

function attributes(facts: MessageFacts, operation: 'send' | 'process') {
  return {
    [MESSAGING_SYSTEM]: facts.system,
    [MESSAGING_OPERATION_TYPE]: operation,
    [MESSAGING_OPERATION_NAME]: operation,
    [MESSAGING_DESTINATION_NAME]: facts.destination,
    ...(facts.requestId ? { [REQUEST_ID]: facts.requestId } : {}),
  };
}

function recordFailure(span: Span, error: unknown): void {
  const name = error instanceof Error ? error.name : typeof error;
  span.setAttribute(ATTR_ERROR_TYPE, name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
}

/**
 * `source` (an Observable made on subscription) inside `span`: each subscription runs in the
 * span's context, and the span ends with the first of completion, error or unsubscription.
 */
function within<T>(span: Span, parent: ReturnType<typeof context.active>, source: () => Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const subscription = context.with(trace.setSpan(parent, span), () =>
      source().subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => {
          recordFailure(span, error);
          span.end();
          subscriber.error(error);
        },
        complete: () => {
          span.end();
          subscriber.complete();
        },
      }),
    );
    return () => {
      subscription.unsubscribe();
      // Unsubscribed first (a timeout, the caller leaving): the span ends here; once ended, end() is a no-op.
      span.end();
    };
  });
}

/**
 * A message sent to another app and its replies, as a `send <destination>` producer span, child
 * of whatever is active (the HTTP request's span at the gateway, the message's `process` span in
 * a context app that calls another). `send` gets the trace context to put in the envelope, and
 * what it returns (the signed envelope's id, say) may be added with `span.setAttribute`. When
 * tracing is off, `send` gets `undefined` and nothing else happens.
 */
export function tracedSend<T>(facts: MessageFacts, send: (trace: TraceCarrier | undefined, span: Span | undefined) => Observable<T>): Observable<T> {
  if (!tracingActive()) return send(undefined, undefined);
  return new Observable<T>((subscriber) => {
    const parent = context.active();
    // Only within a trace: readiness pings and background work would each make a trace of one message.
    if (!trace.getSpan(parent)) return send(undefined, undefined).subscribe(subscriber);
    const span = tracer().startSpan(`send ${facts.destination}`, { kind: SpanKind.PRODUCER, attributes: attributes(facts, 'send') }, parent);
    const carrier: TraceCarrier = {};
    propagation.inject(trace.setSpan(parent, span), carrier);
    const traceContext = carrier.traceparent ? carrier : undefined;
    return within(span, parent, () => send(traceContext, span)).subscribe(subscriber);
  });
}

/**
 * A received message's handling, as a `process <destination>` consumer span whose parent is the
 * sender's `send` span (from the envelope's verified trace context; none when it has none).
 * Everything the handler does — its queries, its own messages, its log lines — runs in it.
 */
export function tracedProcess<T>(facts: MessageFacts, carrier: TraceCarrier | undefined, messageId: string | undefined, handle: () => Observable<T>): Observable<T> {
  // A message that carries no trace (its sender does not trace, or sent it outside a trace) starts none.
  if (!tracingActive() || !carrier?.traceparent) return handle();
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const span = tracer().startSpan(
    `process ${facts.destination}`,
    { kind: SpanKind.CONSUMER, attributes: { ...attributes(facts, 'process'), ...(messageId ? { [MESSAGING_MESSAGE_ID]: messageId } : {}) } },
    parent,
  );
  return within(span, parent, handle);
}

/**
 * A piece of work handling one message (a domain event, say) as a `process <destination>`
 * consumer span, child of the context that created the message (`carrier`), awaiting `work`
 * inside it; untraced when the message carries no trace context. As tracedProcess, for promises.
 */
export async function tracedWork<T>(facts: MessageFacts & { consumer?: string }, carrier: TraceCarrier | undefined, messageId: string, work: () => Promise<T>): Promise<T> {
  // As for messages: an event written outside a trace (background work) starts none.
  if (!tracingActive() || !carrier?.traceparent) return work();
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const span = tracer().startSpan(
    `process ${facts.destination}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { ...attributes(facts, 'process'), [MESSAGING_MESSAGE_ID]: messageId, ...(facts.consumer ? { [MESSAGING_CONSUMER_GROUP_NAME]: facts.consumer } : {}) },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The active trace context as W3C headers, to store with something that travels later (an
 * outbox event); undefined outside a trace or without tracing.
 */
export function activeTraceContext(): TraceCarrier | undefined {
  if (!tracingActive()) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The ids of the active span for a log line (`trace_id`, `span_id`), or nothing outside a trace. */
export function traceLogFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
