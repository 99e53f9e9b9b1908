import { randomUUID } from 'node:crypto';
import { signUp } from '../e2e/suites/auth.suite.js';
import { eventually } from '../support/eventually.js';
import { HttpClient, type ApiResponse } from '../support/http-client.js';
import { startThrowawayNats, type ThrowawayNats } from '../support/throwaway/index.js';
import { startTopology, TOPOLOGIES, type ContextApp, type Topology } from '../support/topology.js';

// The split topology (every context its own process, all over NATS) through kill -9 of its
// NATS server: a short outage, then one longer than the NATS client's default 10 × 2 s of
// reconnect attempts.

const CONTEXTS: ContextApp[] = ['auth', 'todos', 'ai'];
/**
 * NATS connections each app holds: the gateway one per remote context and its events' (live
 * updates, session ends), auth and todos their server and their events' (the outbox relay; todos'
 * consumer of auth's events shares it), ai its server and its client of todos.
 */
const CONNECTIONS: Record<ContextApp | 'gateway', number> = { gateway: 4, auth: 2, todos: 2, ai: 2 };
const CALL_TIMEOUT_MS = 2000;
/** Every answer during the outage comes within the call budget plus slack for a loaded machine. */
const ANSWER_WITHIN_MS = CALL_TIMEOUT_MS + 3000;
const RECOVERY_MS = 10_000;

/** Fails the test instead of hanging it: an answer that never comes is a defect of its own. */
async function within<T>(ms: number, what: string, answer: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([answer, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** A failure answer while NATS is down: 503 (with Retry-After) or 504, as problem+json, never 500. */
function expectOutageAnswer(what: string, response: ApiResponse): void {
  const retryAfter = response.headers.get('retry-after');
  const status = [503, 504].includes(response.status) ? '503/504' : response.status;
  expect([what, status, response.headers.get('content-type')?.split(';')[0]]).toEqual([what, '503/504', 'application/problem+json']);
  if (response.status === 503) expect([what, retryAfter]).toEqual([what, expect.stringMatching(/^[1-9]\d*$/)]);
}

interface LogLine {
  msg?: string;
  req?: unknown;
  requestId?: unknown;
}

/** The app's log lines (JSON) that report its NATS connections lost or back. */
function connectionLines(output: string): { lost: LogLine[]; back: LogLine[] } {
  const lines = output.split('\n').flatMap((line): LogLine[] => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
  return {
    lost: lines.filter((line) => line.msg?.startsWith('Lost the NATS connection')),
    back: lines.filter((line) => /^NATS connection .* is back after/.test(line.msg ?? '')),
  };
}

describe('the split topology when NATS dies and comes back', () => {
  let nats: ThrowawayNats;
  let topology: Topology;
  let http: HttpClient;
  let token: string;
  let outages = 0;
  let natsDown = false;
  const marker = `outage-${randomUUID()}`;

  const create = (title: string, key: string) => http.post<{ id: string }>('/todos', { title }, { token, headers: { 'idempotency-key': key } });
  const contextReady = (app: ContextApp) => fetch(`${topology.contexts[app]?.[0]?.url}/ready`);
  const everyProcess = () => [topology.gateway, ...CONTEXTS.flatMap((app) => topology.contexts[app] ?? [])];

  beforeAll(async () => {
    nats = await startThrowawayNats();
    topology = await startTopology('nats-outage', TOPOLOGIES['all-nats'], {
      NATS_URL: nats.url,
      REMOTE_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS),
      // Every round of the outage asks for a plan too.
      RATE_LIMIT_AI_LIMIT: '10000',
    });
    http = new HttpClient(topology.url);
    token = (await signUp(http)).accessToken;
    // Every connection is up before the first outage (the gateway's open on first use).
    const warmUps = [await http.get('/ready'), await http.post('/ai/todos/summary', {}, { token })];
    if (warmUps.some(({ status }) => status !== 200)) throw new Error(`not up before the outages: ${warmUps.map(({ status }) => status).join(', ')}`);
  }, 60_000);

  // A failed test must not leave the next one without NATS.
  afterEach(async () => {
    if (natsDown) await nats.start();
    natsDown = false;
  });

  afterAll(async () => {
    await topology?.stop();
    await nats?.stop();
  });

  it.each([
    ['short', 2_000],
    ['long', 30_000],
  ])('survives a %s outage: 503s meanwhile, serving again within 10 s, no write lost or doubled', async (name, outageMs) => {
    const tag = `${marker} ${name}`;
    const before = await create(`${tag}: acknowledged before`, randomUUID());
    expect(before.status).toBe(201);
    const beforeKey = randomUUID();
    const acknowledged = await create(`${tag}: acknowledged before, retried`, beforeKey);
    expect(acknowledged.status).toBe(201);

    await nats.kill();
    natsDown = true;
    outages += 1;
    const killedAt = Date.now();

    // Not ready anywhere while NATS is down; alive all the same.
    for (const app of CONTEXTS) {
      const ready = await eventually(async () => {
        const response = await contextReady(app);
        expect([app, response.status]).toEqual([app, 503]);
        return (await response.json()) as { details: Record<string, { status: string }> };
      });
      expect(ready.details.nats).toMatchObject({ status: 'down' });
      expect((await fetch(`${topology.contexts[app]?.[0]?.url}/health`)).status).toBe(200);
    }
    expect((await http.get('/ready')).status).toBe(503);

    // Requests during the outage: a clear 503/504 each, in time. Creates are retried later with their key.
    const failedCreates = new Map<string, string>([[beforeKey, `${tag}: acknowledged before, retried`]]);
    let round = 0;
    do {
      round += 1;
      const key = randomUUID();
      const title = `${tag}: sent during the outage #${round}`;
      failedCreates.set(key, title);
      const answers: [string, Promise<ApiResponse>][] = [
        ['GET /todos', http.get('/todos', { token })],
        ['GET /auth/me', http.get('/auth/me', { token })],
        ['POST /todos', create(title, key)],
        ['POST /todos (acknowledged key)', create(`${tag}: acknowledged before, retried`, beforeKey)],
        ['POST /ai/todos/summary', http.post('/ai/todos/summary', {}, { token })],
      ];
      for (const [what, answer] of answers) expectOutageAnswer(what, await within(ANSWER_WITHIN_MS, what, answer));
      await new Promise((done) => setTimeout(done, 500));
    } while (Date.now() - killedAt < outageMs);

    await nats.start();
    natsDown = false;
    const backAt = Date.now();
    const recovered = await eventually(
      async () => {
        const me = await http.get('/auth/me', { token });
        const list = await http.get('/todos', { token });
        const summary = await http.post('/ai/todos/summary', {}, { token });
        const created = await create(`${tag}: created after`, randomUUID());
        expect([me.status, list.status, summary.status, created.status]).toEqual([200, 200, 200, 201]);
        return Date.now() - backAt;
      },
      { timeoutMs: RECOVERY_MS, intervalMs: 200 },
    );
    expect(recovered).toBeLessThan(RECOVERY_MS);
    for (const app of CONTEXTS) await eventually(async () => expect([app, (await contextReady(app)).status]).toEqual([app, 200]));
    expect((await http.get('/ready')).status).toBe(200);

    // Every create the client did not see succeed, retried with its key: created exactly once.
    for (const [key, title] of failedCreates) expect([title, (await create(title, key)).status]).toEqual([title, 201]);
    const replayed = await create(`${tag}: acknowledged before, retried`, beforeKey);
    expect(replayed.body).toEqual(acknowledged.body);
    const titles: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: ApiResponse<{ items: { title: string }[]; nextCursor: string | null }> = await http.get(`/todos?limit=100&q=${encodeURIComponent(tag)}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      titles.push(...page.body.items.map((todo) => todo.title));
      cursor = page.body.nextCursor;
    }
    for (const title of [`${tag}: acknowledged before`, ...failedCreates.values()]) expect([title, titles.filter((seen) => seen === title).length]).toEqual([title, 1]);

    // Nothing died; each connection logged its loss and its return once, outside any request.
    for (const process of everyProcess()) expect(process.child.exitCode).toBeNull();
    for (const app of ['gateway', ...CONTEXTS] as const) {
      const output = app === 'gateway' ? topology.gateway.output() : (topology.contexts[app]?.[0]?.output() ?? '');
      const { lost, back } = connectionLines(output);
      expect([app, lost.length, back.length]).toEqual([app, CONNECTIONS[app] * outages, CONNECTIONS[app] * outages]);
      for (const line of [...lost, ...back]) expect([app, line.msg, line.req ?? line.requestId]).toEqual([app, line.msg, undefined]);
    }
  }, 120_000);
});
