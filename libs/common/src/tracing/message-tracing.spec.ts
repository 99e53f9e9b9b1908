import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { lastValueFrom, NEVER, of, throwError, type Observable } from 'rxjs';
import { tracedProcess, tracedSend, traceLogFields, type TraceCarrier } from './message-tracing.js';

const tracer = () => trace.getTracer('test');

/** Runs `work` inside a new active span, as a request's handler runs inside its server span. */
function inRequest<T>(work: () => Promise<T>) {
  const span = tracer().startSpan('GET /todos', { kind: SpanKind.SERVER });
  return { span, result: context.with(trace.setSpan(context.active(), span), work) };
}

const facts = { system: 'nats', destination: 'ficus.todos.list', requestId: 'req-1' } as const;

/** What `tracedSend` handed to the send callback, and the reply it passes on. */
function sendCapturing(reply: Observable<unknown> = of('reply')): { carriers: (TraceCarrier | undefined)[]; send: () => Observable<unknown> } {
  const carriers: (TraceCarrier | undefined)[] = [];
  return { carriers, send: () => tracedSend(facts, (carrier) => (carriers.push(carrier), reply)) };
}

describe('message tracing without an SDK', () => {
  it('adds no trace context and no work', async () => {
    const { carriers, send } = sendCapturing();
    await expect(lastValueFrom(send())).resolves.toBe('reply');
    expect(carriers).toEqual([undefined]);
    expect(traceLogFields()).toEqual({});
  });
});

describe('message tracing with an SDK', () => {
  const exporter = new InMemorySpanExporter();

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
  });
  afterEach(() => exporter.reset());
  afterAll(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('sends outside a trace (a readiness ping) without a trace context or a span', async () => {
    const { carriers, send } = sendCapturing();
    await lastValueFrom(send());
    expect(carriers).toEqual([undefined]);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('makes a producer span, child of the request, whose context the message carries; the receiver continues it', async () => {
    const { carriers, send } = sendCapturing();
    const request = inRequest(() => lastValueFrom(send()));
    await request.result;
    const [carrier] = carriers;
    const [sent] = exporter.getFinishedSpans();
    expect(sent).toMatchObject({ name: 'send ficus.todos.list', kind: SpanKind.PRODUCER });
    expect(sent.parentSpanContext?.spanId).toBe(request.span.spanContext().spanId);
    expect(sent.attributes).toMatchObject({ 'messaging.system': 'nats', 'messaging.operation.type': 'send', 'messaging.destination.name': 'ficus.todos.list', 'ficus.request_id': 'req-1' });
    expect(carrier?.traceparent).toBe(`00-${sent.spanContext().traceId}-${sent.spanContext().spanId}-01`);

    // The receiving side: its handler runs inside a consumer span, child of the send span.
    let activeInHandler: string | undefined;
    const handled = tracedProcess(facts, carrier, 'message-1', () => {
      activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
      return of('done');
    });
    await expect(lastValueFrom(handled)).resolves.toBe('done');
    const processed = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.CONSUMER);
    expect(processed).toMatchObject({ name: 'process ficus.todos.list', attributes: expect.objectContaining({ 'messaging.message.id': 'message-1' }) });
    expect(processed?.parentSpanContext?.spanId).toBe(sent.spanContext().spanId);
    expect(activeInHandler).toBe(processed?.spanContext().spanId);
  });

  it('marks a failed send or handling as an error, and ends a span when its caller leaves', async () => {
    const failing = sendCapturing(throwError(() => new TypeError('no responders')));
    await expect(inRequest(() => lastValueFrom(failing.send())).result).rejects.toThrow('no responders');
    expect(exporter.getFinishedSpans()[0]).toMatchObject({ status: { code: SpanStatusCode.ERROR }, attributes: expect.objectContaining({ 'error.type': 'TypeError' }) });
    exporter.reset();

    const { carriers, send } = sendCapturing(NEVER);
    const { result } = inRequest(async () => send().subscribe().unsubscribe());
    await result;
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['send ficus.todos.list']);
    expect(carriers[0]?.traceparent).toBeDefined();
  });

  it('starts no trace for a message that carries none', async () => {
    await lastValueFrom(tracedProcess(facts, undefined, 'message-2', () => of('done')));
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('names the active trace and span on log lines', async () => {
    const { span, result } = inRequest(async () => traceLogFields());
    expect(await result).toEqual({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
  });
});
