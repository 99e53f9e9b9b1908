import { connect, type NatsConnection } from '@nats-io/transport-node';
import { signUp } from '../e2e/suites/auth.suite.js';
import { eventually } from '../support/eventually.js';
import { HttpClient } from '../support/http-client.js';
import { credentialsOf, rawCall } from '../support/raw-messages.js';
import { startThrowawayNats, type ThrowawayNats } from '../support/throwaway/index.js';
import { startTopology, type Topology } from '../support/topology.js';

// The NATS server lets through messages up to its max_payload (1 MiB by default, often raised);
// a context app parses none larger than its own body limit (plus the envelope) before checking
// the signature. BODY_LIMIT is lowered here so that such a message fits under max_payload.

const BODY_LIMIT = 64 * 1024;
const KiB = 1024;

/** A Nest request packet as any NATS client can publish it: unsigned, with a payload of `size` bytes. */
const oversized = (size: number) =>
  JSON.stringify({ id: 'stranger-1', pattern: 'todos.list', data: { payload: { q: 'x'.repeat(size) }, call: { requestId: 'stranger', deadline: Date.now() + 5000 } } });

describe('a context app on NATS, sent a message larger than it accepts', () => {
  let nats: ThrowawayNats;
  let stranger: NatsConnection;
  let topology: Topology;
  let http: HttpClient;
  let token: string;
  let todosUrl: string;

  const rejected = async (): Promise<number> => {
    const metrics = await (await fetch(`${todosUrl}/metrics`)).text();
    const line = metrics.split('\n').find((entry) => entry.startsWith('ficus_transport_rejected_total{') && entry.includes('app="todos"') && entry.includes('transport="nats"') && entry.includes('reason="too_large"'));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  beforeAll(async () => {
    nats = await startThrowawayNats();
    topology = await startTopology('nats-message-size', { auth: 'local', todos: 'nats', ai: 'local' }, { NATS_URL: nats.url, BODY_LIMIT: String(BODY_LIMIT) });
    todosUrl = topology.contexts.todos?.[0]?.url ?? '';
    stranger = await connect({ servers: nats.url });
    http = new HttpClient(topology.url);
    token = (await signUp(http)).accessToken;
  }, 60_000);

  afterAll(async () => {
    await stranger?.close();
    await topology?.stop();
    await nats?.stop();
  });

  it('refuses it unparsed with a small unsigned 413, counts it, and serves the next legitimate call', async () => {
    const subject = `${topology.env.NATS_SUBJECT_PREFIX}todos.list`;
    const reply = await stranger.request(subject, oversized(512 * KiB), { timeout: 5000 });
    // Had it been parsed, the signature check would have answered 401 service.unauthenticated.
    expect(reply.json()).toEqual({
      err: { ficusProblem: expect.objectContaining({ status: 413, code: 'service.message_too_large' }) },
      isDisposed: true,
    });
    expect(reply.data.length).toBeLessThan(KiB);
    expect(await rejected()).toBe(1);
    expect((await fetch(`${todosUrl}/health`)).status).toBe(200);
    expect((await http.get('/todos', { token })).status).toBe(200);
  });

  it('drops an oversized event (nobody waits for an answer) the same way', async () => {
    const before = await rejected();
    stranger.publish(`${topology.env.NATS_SUBJECT_PREFIX}todos.cancel`, oversized(900 * KiB));
    await stranger.flush();
    await eventually(async () => expect(await rejected()).toBe(before + 1));
    expect((await http.get('/todos', { token })).status).toBe(200);
  });

  it('still reads a signed message whose payload is as large as the body limit', async () => {
    const subject = `${topology.env.NATS_SUBJECT_PREFIX}todos.list`;
    const payload = { q: 'x'.repeat(BODY_LIMIT - 100) };
    const call = rawCall({ requestId: 'large-but-legitimate' });
    const credential = credentialsOf(topology, 'gateway').sign('todos', subject, payload, call);
    const reply = await stranger.request(subject, JSON.stringify({ id: 'gateway-1', pattern: 'todos.list', data: { payload, call, credential } }), { timeout: 5000 });
    // Past the size check and the signature: the handler's own validation answers, signed.
    expect(reply.json()).toMatchObject({ err: { ficusProblem: { status: 400 }, credential: { service: 'todos' } } });
  });
});
