import { eventually } from '../support/eventually.js';
import {
  createTodo,
  databaseLog,
  expectCleanDegradation,
  newKey,
  observe,
  signUpUser,
  startGatewayOnThrowawayPostgres,
  type FaultUser,
  type GatewayOnThrowawayPostgres,
  type Observed,
} from './support/gateway-on-throwaway-postgres.js';
import { uniqueEmail } from '../e2e/suites/auth.suite.js';
import { TOPOLOGIES } from '../support/topology.js';

jest.setTimeout(120_000);

/** "Writes succeed again within seconds of the restart." */
const WRITES_BACK_WITHIN_MS = 5000;

/**
 * PostgreSQL stops (fast shutdown: every connection cut, new ones refused) and starts again:
 * every context's reads and writes answer 503 `platform.database_unavailable` with Retry-After
 * at once, `/ready` says so while `/health` stays 200, the outage is one log line when it
 * starts and one when it ends, and writes work again within seconds, without a restart.
 */
describe.each([
  ['every context in the gateway', TOPOLOGIES['all-local']],
  // The failure crosses the transport as the same problem, Retry-After included.
  ['todos in an app of its own, over TCP', { auth: 'local', todos: 'tcp', ai: 'local' } as const],
])('PostgreSQL stopped and started again, %s', (_name, spec) => {
  let system: GatewayOnThrowawayPostgres;
  let user: FaultUser;
  let todoId: string;

  beforeAll(async () => {
    system = await startGatewayOnThrowawayPostgres({}, spec);
    user = await signUpUser(system.http);
    todoId = await createTodo(system.http, user, 'before the outage');
  });
  afterAll(() => system?.stop());

  it('answers 503 with Retry-After in every context, reports it on /ready, and heals by itself', async () => {
    const { http, pg, gateway, topology } = system;
    const budgetMs = Number(topology.env.REMOTE_CALL_TIMEOUT_MS);
    const outageKey = newKey();
    const during = async (): Promise<Observed[]> =>
      Promise.all([
        observe(http, 'GET /todos', 'GET', '/todos', undefined, user.token),
        observe(http, 'GET /todos/:id', 'GET', `/todos/${todoId}`, undefined, user.token),
        observe(http, 'POST /todos', 'POST', '/todos', { title: 'during the outage' }, user.token, { 'idempotency-key': outageKey }),
        observe(http, 'PATCH /todos/:id', 'PATCH', `/todos/${todoId}`, { done: true }, user.token),
        observe(http, 'POST /ai/todos/summary', 'POST', '/ai/todos/summary', {}, user.token),
        observe(http, 'GET /auth/me', 'GET', '/auth/me', undefined, user.token),
        observe(http, 'POST /auth/login', 'POST', '/auth/login', { email: uniqueEmail('nobody'), password: 'a sturdy passphrase 42' }, ''),
      ]);

    await pg.stop();
    // The connections were cut by the shutdown, then new ones are refused: both answer alike.
    const answers = [...(await during()), ...(await during())];
    expectCleanDegradation(answers);
    expect(answers.map(({ label, status, body }) => [label, status, body?.code])).toEqual(
      answers.map(({ label }) => [label, 503, 'platform.database_unavailable']),
    );
    expect(answers.filter((answer) => answer.endedAt - answer.startedAt > budgetMs)).toEqual([]);
    const ready = await fetch(`${gateway.url}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { error?: Record<string, { status: string }> }).error?.database?.status).toBe('down');
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);

    await pg.start();
    const restartedAt = Date.now();
    const written = await eventually(
      async () => {
        const answer = await observe(http, 'POST /todos', 'POST', '/todos', { title: 'during the outage' }, user.token, { 'idempotency-key': outageKey });
        expect(answer.status).toBe(201);
        return answer;
      },
      { timeoutMs: WRITES_BACK_WITHIN_MS, intervalMs: 100 },
    );
    expect(written.endedAt - restartedAt).toBeLessThan(WRITES_BACK_WITHIN_MS);
    await eventually(async () => expect((await fetch(`${gateway.url}/ready`)).status).toBe(200));
    expect((await http.get('/auth/me', { token: user.token })).status).toBe(200);

    // Nothing of the outage was written, and the key retried through it made exactly one todo.
    const todos = await http.get<{ items: { id: string; title: string; done: boolean }[] }>('/todos', { token: user.token });
    expect(todos.body.items.map(({ title, done }) => ({ title, done }))).toEqual([
      { title: 'during the outage', done: false },
      { title: 'before the outage', done: false },
    ]);
    // Every app: still running, one line when the outage started, one when it ended, no stack
    // (waited for: each process writes its log lines in batches, at most 250 ms late).
    for (const app of [gateway, ...(topology.contexts.todos ?? [])]) {
      expect(app.child.exitCode).toBeNull();
      await eventually(() => expect(databaseLog(app)).toEqual({ outage: ['started', 'ended'], outageRequests: [], withStack: [] }));
    }
  });
});
