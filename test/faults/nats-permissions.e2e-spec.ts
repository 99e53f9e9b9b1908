import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { appNamesOf, type AppName } from '@ficus/common';
import { FICUS_APPS } from '../../apps/contexts.js';
import { NATS_SERVER_CONFIG, natsPasswordVariable } from '../../tools/deploy/nats-server-config.js';
import { aiEnvironment } from '../e2e/suites/ai.suite.js';
import { signUp } from '../e2e/suites/auth.suite.js';
import { eventually } from '../support/eventually.js';
import { FakeLlm } from '../support/fake-llm/index.js';
import { HttpClient } from '../support/http-client.js';
import { LiveSocket } from '../support/live-socket.js';
import { startThrowawayNats, type ThrowawayNats } from '../support/throwaway/index.js';
import { startTopology, TOPOLOGIES, type Topology } from '../support/topology.js';

jest.setTimeout(60_000);

// The split topology on a NATS server run with the shipped configuration (deploy/nats): each app
// connects as its own user. Anyone else on NATS — a client without a user, or one holding another
// app's user — can neither answer a context's messages nor read anybody's replies.
// nats-server parses a variable's value as a configuration value: a password starting with a
// digit would be a (malformed) number. A letter first keeps it a string.
const passwords = Object.fromEntries(appNamesOf(FICUS_APPS).map((app) => [app, `p${randomBytes(12).toString('hex')}`])) as Record<AppName, string>;
const llm = new FakeLlm();
let nats: ThrowawayNats;
let topology: Topology;
let http: HttpClient;

beforeAll(async () => {
  nats = await startThrowawayNats({ configFile: NATS_SERVER_CONFIG, env: Object.fromEntries(appNamesOf(FICUS_APPS).map((app) => [natsPasswordVariable(app), passwords[app]])) });
  // The configuration's subjects carry no prefix: this server is this deployment's alone.
  topology = await startTopology('nats-permissions', TOPOLOGIES['all-nats'], { NATS_URL: nats.url, NATS_SUBJECT_PREFIX: '', ...(await aiEnvironment(llm)) }, (app) => ({
    NATS_USER: app,
    NATS_PASSWORD: passwords[app],
  }));
  http = new HttpClient(topology.url);
}, 60_000);

afterAll(async () => {
  await topology?.stop();
  await nats?.stop();
  await llm.stop();
});

/** A NATS client with `app`'s user: another app, or whoever holds its credentials. */
const connectAs = (app: AppName): Promise<NatsConnection> => connect({ servers: nats.url, user: app, pass: passwords[app], reconnect: false, inboxPrefix: `_INBOX.${app}` });

/** How the server takes a subscription: `allowed`, or its refusal. */
async function subscription(client: NatsConnection, subject: string): Promise<string> {
  const subscribed = client.subscribe(subject);
  await client.flush();
  // A refusal arrives asynchronously and closes the subscription with the server's error.
  const refused = await Promise.race([subscribed.closed, client.flush().then(() => client.flush()).then(() => undefined)]);
  return refused instanceof Error ? refused.message : 'allowed';
}

it('serves the whole API with every app on its own NATS user', async () => {
  expect((await http.get('/ready')).status).toBe(200);
  const { accessToken } = await signUp(http);
  const todo = await http.post<{ id: string }>('/todos', { title: 'Plan the garden' }, { token: accessToken });
  expect(todo.status).toBe(201);
  // ai calls todos (its own user's rights) and answers over several messages when streaming.
  const breakdown = await http.post<{ created: unknown[] }>(`/ai/todos/${todo.body.id}/breakdown`, { apply: true }, { token: accessToken });
  expect([breakdown.status, breakdown.body.created.length]).toEqual([200, 3]);
  const stream = await fetch(`${topology.url}/ai/todos/summary`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, accept: 'text/event-stream' } });
  expect(await stream.text()).toMatch(/event: result\n/);
});

it('admits no client without a user, and no user to another app’s subjects or replies', async () => {
  await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/Authorization Violation/);
  const clients = { gateway: await connectAs('gateway'), todos: await connectAs('todos'), ai: await connectAs('ai') };
  try {
    expect(await subscription(clients.todos, 'auth.jwks')).toMatch(/Permissions Violation for Subscription to "auth.jwks"/);
    expect(await subscription(clients.gateway, 'todos.>')).toMatch(/Permissions Violation/);
    expect(await subscription(clients.ai, 'todos.create')).toMatch(/Permissions Violation/);
    // Replies are read by the app that asked: the ai app's user cannot read the gateway's (tokens, say).
    expect(await subscription(clients.ai, '_INBOX.gateway.>')).toMatch(/Permissions Violation/);
    expect(await subscription(clients.ai, '_INBOX.ai.>')).toBe('allowed');
  } finally {
    await Promise.all(Object.values(clients).map((client) => client.close()));
  }
});

it('leaves a would-be responder on another app’s user without a word: 19 of 19 requests answered, the breaker closed', async () => {
  const intruder = await connectAs('todos');
  let answered = 0;
  const fake = intruder.subscribe('auth.jwks', {
    callback: (error, message) => {
      if (error) return;
      answered += 1;
      message.respond(JSON.stringify({ response: { keys: [] }, isDisposed: true }));
    },
  });
  try {
    await intruder.flush();
    const statuses: number[] = [];
    for (let request = 0; request < 19; request += 1) statuses.push((await http.get('/.well-known/jwks.json')).status);
    expect(statuses).toEqual(Array.from({ length: 19 }, () => 200));
    expect([answered, fake.isClosed()]).toEqual([0, true]);
    const ready = await http.get<{ details: Record<string, Record<string, { state: string }>> }>('/ready');
    expect(ready.body.details['circuit-breakers']['context:auth']).toMatchObject({ state: 'closed' });
  } finally {
    await intruder.close();
  }
});

it('lets the todos app publish its events to JetStream on its own user, the gateway read them live, and no other app forge one', async () => {
  const { accessToken } = await signUp(http);
  const live = LiveSocket.withQueryToken(topology.url, accessToken);
  await live.opened;
  const created = await http.post<{ id: string }>('/todos', { title: 'Water the plants' }, { token: accessToken });
  expect(created.status).toBe(201);
  // The gateway's ordered consumer, on the gateway's user, hands it to the client.
  await live.next((event) => event.type === 'todo.created' && event.aggregateId === created.body.id).finally(() => live.close());
  const [todos, ai] = [await connectAs('todos'), await connectAs('ai')];
  try {
    const stream = () => jetstreamManager(todos).then((jsm) => jsm.streams.info('ficus_events_todos'));
    await eventually(async () => expect((await stream()).state.messages).toBeGreaterThan(0), { timeoutMs: 10_000 });
    // A forged todo event from another app's user never reaches the stream.
    const before = (await stream()).state.messages;
    await expect(jetstream(ai).publish('events.todos.todo.deleted', '{}', { timeout: 1000 })).rejects.toThrow();
    expect((await stream()).state.messages).toBe(before);
  } finally {
    await Promise.all([todos.close(), ai.close()]);
  }
});
