import { randomUUID } from 'node:crypto';
import { signUp } from '../e2e/suites/auth.suite.js';
import { eventually } from '../support/eventually.js';
import { HttpClient } from '../support/http-client.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { startTopology, type Topology } from '../support/topology.js';

// Tracing end to end: the apps run as built processes exporting by OTLP/HTTP to a real receiver
// on loopback, and one request's spans must form one trace across the processes it crossed.

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

/** The chain of spans from `span` up to its trace's root, within the spans received. */
function ancestry(spans: readonly ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const chain = [span];
  for (let parent = span.parentSpanId; parent; ) {
    const next = spans.find((candidate) => candidate.spanId === parent && candidate.traceId === span.traceId);
    if (!next) break;
    chain.push(next);
    parent = next.parentSpanId;
  }
  return chain;
}

const describeSpan = (span: ReceivedSpan) => `${span.service}: ${span.name}`;

/** The one span of `spans` that `is` picks (`what` names it when it is missing). */
function spanOf(spans: readonly ReceivedSpan[], what: string, is: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const span = spans.find(is);
  if (!span) throw new Error(`no ${what} span among ${spans.map(describeSpan).join(', ')}`);
  return span;
}

interface LogLine {
  msg?: string;
  trace_id?: string;
  span_id?: string;
  req?: { id?: string };
  requestId?: string;
}

function logLines(output: string): LogLine[] {
  return output.split('\n').flatMap((line): LogLine[] => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

describe.each(['nats', 'tcp'] as const)('traces across apps over %s (OTLP to a loopback receiver)', (transport) => {
  let receiver: OtlpReceiver;
  let topology: Topology;
  let http: HttpClient;
  let token: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // Auth in the gateway's process; todos and ai apps of their own (ai calls todos).
    topology = await startTopology(
      `traces-${transport}`,
      { auth: 'local', todos: transport, ai: transport },
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' },
    );
    http = new HttpClient(topology.url);
    token = (await signUp(http)).accessToken;
  }, 60_000);

  afterAll(async () => {
    await topology?.stop();
    await receiver?.close();
  });

  /** What a pattern travels under: NATS subjects have the topology's prefix, TCP patterns none. */
  const destination = (pattern: string) => (transport === 'nats' ? `${topology.env.NATS_SUBJECT_PREFIX}${pattern}` : pattern);

  /** The spans of the trace whose gateway `send` carried request id `requestId`, once `complete` holds for them. */
  const traceOf = (requestId: string, complete: (spans: ReceivedSpan[]) => boolean) =>
    eventually(() => {
      const send = receiver.spans.find((span) => span.attributes['ficus.request_id'] === requestId && span.service === 'gateway');
      const spans = receiver.spans.filter((span) => span.traceId === send?.traceId);
      if (!send || !complete(spans)) throw new Error(`trace of ${requestId} incomplete: ${spans.map(describeSpan).join(', ')}`);
      return spans;
    }, { timeoutMs: 20_000 });

  it('follows a request from the gateway over the transport into todos and its PostgreSQL queries, as one trace', async () => {
    const requestId = `trace-${randomUUID()}`;
    const created = await http.post<{ id: string }>('/todos', { title: 'traced' }, { token, headers: { 'x-request-id': requestId } });
    expect(created.status).toBe(201);

    const spans = await traceOf(requestId, (found) => found.some((span) => span.service === 'todos' && span.attributes['db.system.name'] === 'postgresql'));
    const subject = destination('todos.create');
    const server = spanOf(spans, 'gateway server', (span) => span.service === 'gateway' && span.kind === SERVER);
    const send = spanOf(spans, 'gateway send', (span) => span.service === 'gateway' && span.kind === PRODUCER);
    const process = spanOf(spans, 'todos process', (span) => span.service === 'todos' && span.kind === CONSUMER);
    expect(server).toMatchObject({ name: 'POST /todos', parentSpanId: '', attributes: expect.objectContaining({ 'http.route': '/todos' }) });
    expect(send).toMatchObject({
      name: `send ${subject}`,
      attributes: expect.objectContaining({ 'messaging.system': transport, 'messaging.operation.type': 'send', 'messaging.destination.name': subject, 'ficus.request_id': requestId }),
    });
    expect(ancestry(spans, send)).toContain(server);
    // The context app continues the gateway's span, from the trace context its signed envelope carried.
    expect(process).toMatchObject({
      name: `process ${subject}`,
      parentSpanId: send.spanId,
      attributes: expect.objectContaining({ 'messaging.system': transport, 'messaging.operation.type': 'process', 'messaging.message.id': send.attributes['messaging.message.id'] }),
    });
    // Its queries, in the same trace, under the message's span.
    const queries = spans.filter((span) => span.service === 'todos' && span.attributes['db.system.name'] === 'postgresql');
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect(ancestry(spans, query)).toContain(process);
  });

  it('puts trace_id and span_id on every log line of a traced request, in each app', async () => {
    const requestId = `trace-logs-${randomUUID()}`;
    expect((await http.get('/todos', { token, headers: { 'x-request-id': requestId } })).status).toBe(200);
    const spans = await traceOf(requestId, (found) => found.some((span) => span.service === 'todos' && span.kind === CONSUMER));
    const traceId = spans[0].traceId;
    const gatewayLines = await eventually(() => {
      const lines = logLines(topology.gateway.output()).filter((line) => line.req?.id === requestId || line.requestId === requestId);
      expect(lines.map((line) => line.msg)).toContain('request completed');
      return lines;
    });
    // eventually: each app writes its log lines in batches, a moment after they were logged.
    const todosLines = await eventually(() => {
      const lines = logLines(topology.contexts.todos?.[0]?.output() ?? '').filter((line) => line.requestId === requestId);
      expect(lines.length).toBeGreaterThan(0);
      return lines;
    });
    for (const line of [...gatewayLines, ...todosLines]) {
      expect(line).toMatchObject({ trace_id: traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
      expect(spans.map((span) => span.spanId)).toContain(line.span_id);
    }
  });

  it('follows a streamed AI answer from the gateway to ai and on to todos, as one trace', async () => {
    const todo = await http.post<{ id: string }>('/todos', { title: 'Plan a trip to Lisbon' }, { token });
    expect(todo.status).toBe(201);
    const requestId = `trace-stream-${randomUUID()}`;
    const response = await fetch(`${topology.url}/ai/todos/${todo.body.id}/breakdown`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'x-request-id': requestId },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('event: result');

    // Spans are exported as they end, each app on its own: wait for the last of every hop.
    const hops: [string, number][] = [['gateway', PRODUCER], ['ai', CONSUMER], ['ai', PRODUCER], ['todos', CONSUMER]];
    const spans = await traceOf(requestId, (found) => hops.every(([service, kind]) => found.some((span) => span.service === service && span.kind === kind)));
    const gatewaySend = spanOf(spans, 'gateway send', (span) => span.service === 'gateway' && span.name === `send ${destination('ai.todos.breakdown.stream')}`);
    const aiProcess = spanOf(spans, 'ai process', (span) => span.service === 'ai' && span.kind === CONSUMER);
    const aiSend = spanOf(spans, 'ai send', (span) => span.service === 'ai' && span.kind === PRODUCER);
    const todosProcess = spanOf(spans, 'todos process', (span) => span.service === 'todos' && span.kind === CONSUMER);
    expect(aiProcess).toMatchObject({ name: `process ${destination('ai.todos.breakdown.stream')}`, parentSpanId: gatewaySend.spanId });
    expect(aiSend.name.startsWith(`send ${destination('todos.')}`)).toBe(true);
    expect(ancestry(spans, aiSend)).toContain(aiProcess);
    expect(todosProcess).toMatchObject({ parentSpanId: aiSend.spanId });
  });
});
