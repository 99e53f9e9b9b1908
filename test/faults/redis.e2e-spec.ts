import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { eventually } from '../support/eventually.js';
import { HttpClient, type ApiResponse } from '../support/http-client.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway/index.js';
import { startTopology, TOPOLOGIES, type Topology } from '../support/topology.js';
import { answeredWithin } from './support/answered-within.js';

jest.setTimeout(180_000);

/** What the issue asks of every degraded answer: it comes, and fast. */
const ANSWER_WITHIN_MS = 1000;
/** Limiting (and every other use of Redis) is back this soon after Redis is. */
const RECOVERY_WITHIN_MS = 10_000;
const AUTH_TIER_LIMIT = 3;
const LOGIN_MAX_FAILURES = 3;
const PASSWORD = 'a sturdy passphrase 42';

const uniqueEmail = () => `redis-fault-${randomBytes(5).toString('hex')}@example.com`;
const quickly = <T>(request: Promise<ApiResponse<T>>) => answeredWithin(ANSWER_WITHIN_MS, request);
const pauseFor = (ms: number) => new Promise((done) => setTimeout(done, ms));

function expectStoreUnavailable(response: ApiResponse): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status: 503, code: 'platform.store_unavailable' });
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
}

/**
 * Redis down, hung and flapping under the gateway and an auth app of its own (over NATS), so the
 * throttler, the login-failure counter and session revocations (written by auth, read by the
 * gateway) are all exercised across real processes against a Redis this file breaks itself.
 */
describe('Redis faults', () => {
  let redis: ThrowawayRedis;
  let topology: Topology;
  let user: { email: string; accessToken: string };

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    topology = await startTopology('redis-faults', TOPOLOGIES.mixed, {
      REDIS_URL: redis.url,
      RATE_LIMIT_AUTH_LIMIT: String(AUTH_TIER_LIMIT),
      AUTH_LOGIN_MAX_FAILURES: String(LOGIN_MAX_FAILURES),
    });
    user = await signUp();
  }, 90_000);

  afterAll(async () => {
    await topology?.stop();
    await redis?.stop();
  });

  afterEach(() => {
    // No fault ends a process.
    for (const process of [topology.gateway, ...(topology.contexts.auth ?? [])]) {
      if (process.child.exitCode !== null) throw new Error(`an app exited with ${process.child.exitCode}:\n${process.output()}`);
    }
  });

  const client = () => new HttpClient(topology.url);

  async function signUp(): Promise<{ email: string; accessToken: string }> {
    const email = uniqueEmail();
    expect((await client().post('/auth/register', { email, password: PASSWORD })).status).toBe(201);
    const login = await client().post<{ accessToken: string }>('/auth/login', { email, password: PASSWORD });
    expect(login.status).toBe(200);
    return { email, accessToken: login.body.accessToken };
  }

  /**
   * With Redis unusable: public and api routes fail open, the auth tier, sign-in and every
   * authenticated request fail closed with 503, each within the bound. Resolves the email of the
   * registration that was refused.
   */
  async function expectDegraded(): Promise<string> {
    const refusedEmail = uniqueEmail();
    const [jwks, anonymousApi, register, login, me] = await Promise.all([
      quickly(client().get('/.well-known/jwks.json')),
      quickly(client().get('/todos')),
      quickly(client().post('/auth/register', { email: refusedEmail, password: PASSWORD })),
      quickly(client().post('/auth/login', { email: user.email, password: PASSWORD })),
      quickly(client().get('/auth/me', { token: user.accessToken })),
    ]);
    expect(jwks.status).toBe(200);
    // The api tier let it through to the route, which wants a token.
    expect(anonymousApi.status).toBe(401);
    for (const refused of [register, login, me]) expectStoreUnavailable(refused);
    const ready = await quickly(client().get<{ error: Record<string, unknown> }>('/ready'));
    expect(ready.status).toBe(503);
    expect(ready.body.error).toHaveProperty('redis');
    return refusedEmail;
  }

  /**
   * Polls from the moment Redis is back until the gateway is ready and a new client's
   * registrations are counted again, then checks the 429 at the limit; fails past the bound.
   */
  async function expectRecoveredSince(back: number): Promise<void> {
    await eventually(async () => expect((await client().get('/ready')).status).toBe(200), { timeoutMs: RECOVERY_WITHIN_MS });
    const counted = client();
    await eventually(async () => {
      const registered = await counted.post('/auth/register', { email: uniqueEmail(), password: PASSWORD });
      expect(registered.status).toBe(201);
      expect(registered.headers.get('x-ratelimit-limit')).toBe(String(AUTH_TIER_LIMIT));
    }, { timeoutMs: RECOVERY_WITHIN_MS });
    expect(Date.now() - back).toBeLessThan(RECOVERY_WITHIN_MS);
    let limited: ApiResponse | undefined;
    for (let attempt = 0; attempt < AUTH_TIER_LIMIT && limited?.status !== 429; attempt += 1) {
      limited = await counted.post('/auth/register', { email: uniqueEmail(), password: PASSWORD });
    }
    expect(limited?.status).toBe(429);
    expect(limited?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited?.headers.get('x-ratelimit-reset')).toBe(limited?.headers.get('retry-after'));
  }

  /** A request refused during the fault was not carried out when Redis came back. */
  async function expectNotLetThrough(refusedEmail: string): Promise<void> {
    expect((await client().post('/auth/register', { email: refusedEmail, password: PASSWORD })).status).toBe(201);
  }

  it('hung (SIGSTOP): answers fail open or closed within 1 s, and heals within 10 s of resuming', async () => {
    redis.pause();
    let refusedEmail: string;
    try {
      refusedEmail = await expectDegraded();
    } finally {
      redis.resume();
    }
    await expectRecoveredSince(Date.now());
    await expectNotLetThrough(refusedEmail);
    // Auth runs as its own app here: its replay cache refuses the sign-in (a message that changes
    // data) before the login-failure counter is asked.
    for (const outage of ['Rate-limit store unavailable (Command timed out)', 'Session revocation store unavailable (Command timed out)', 'Replay cache (Redis) unavailable (Command timed out)']) {
      expect(topology.output()).toContain(outage);
    }
    // Revocations work again across processes: auth writes, the gateway reads.
    const session = await signUp();
    expect((await client().post('/auth/logout', undefined, { token: session.accessToken })).status).toBe(204);
    expect((await client().get('/auth/me', { token: session.accessToken })).status).toBe(401);
  });

  it('busy (DEBUG SLEEP): the same, and a registration refused meanwhile is not let through after the stall', async () => {
    const probe = new Redis(redis.url, { commandTimeout: 200, maxRetriesPerRequest: 0 });
    try {
      await redis.debugSleep(8);
      await expect(probe.ping()).rejects.toThrow(/timed out/);
      const refusedEmail = await expectDegraded();
      await eventually(() => probe.ping(), { timeoutMs: 15_000, intervalMs: 20 });
      await expectRecoveredSince(Date.now());
      await expectNotLetThrough(refusedEmail);
    } finally {
      probe.disconnect();
    }
  });

  it('killed: answers fail open or closed within 1 s, and heals within 10 s of its restart', async () => {
    await redis.kill();
    let refusedEmail: string;
    try {
      refusedEmail = await expectDegraded();
    } finally {
      await redis.start();
    }
    await expectRecoveredSince(Date.now());
    await expectNotLetThrough(refusedEmail);
  });

  it('does not count sign-ins refused during a hang against the account once Redis answers', async () => {
    redis.pause();
    try {
      for (let attempt = 0; attempt <= LOGIN_MAX_FAILURES; attempt += 1) {
        expectStoreUnavailable(await quickly(client().post('/auth/login', { email: user.email, password: PASSWORD })));
      }
    } finally {
      redis.resume();
    }
    await eventually(async () => expect((await client().get('/ready')).status).toBe(200), { timeoutMs: RECOVERY_WITHIN_MS });
    expect((await client().post('/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('does not replay on a new connection what it refused while Redis hung (killed while frozen, restarted)', async () => {
    const refused = client();
    redis.pause();
    try {
      for (let attempt = 0; attempt < AUTH_TIER_LIMIT; attempt += 1) {
        expectStoreUnavailable(await quickly(refused.post('/auth/register', { email: uniqueEmail(), password: PASSWORD })));
      }
    } finally {
      await redis.kill();
      await redis.start();
    }
    await eventually(async () => expect((await client().get('/ready')).status).toBe(200), { timeoutMs: RECOVERY_WITHIN_MS });
    const registered = await refused.post('/auth/register', { email: uniqueEmail(), password: PASSWORD });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('x-ratelimit-remaining')).toBe(String(AUTH_TIER_LIMIT - 1));
  });

  it('flapping (paused, killed, restarted in turn): never a 500 or a slow answer, and heals within 10 s', async () => {
    const answers: number[] = [];
    const flapping = new AbortController();
    const load = (async () => {
      while (!flapping.signal.aborted) {
        const responses = await Promise.all([
          quickly(client().post('/auth/register', { email: uniqueEmail(), password: PASSWORD })),
          quickly(client().get('/auth/me', { token: user.accessToken })),
          quickly(client().get('/.well-known/jwks.json')),
        ]);
        answers.push(...responses.map((response) => response.status));
      }
    })();
    try {
      for (let round = 0; round < 3; round += 1) {
        // Longer than the 1 s bound: a request that waited for Redis would fail the test.
        redis.pause();
        await pauseFor(1500);
        redis.resume();
        await pauseFor(300);
        await redis.kill();
        await pauseFor(700);
        await redis.start();
        await pauseFor(300);
      }
    } finally {
      flapping.abort();
      await load;
    }
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((status) => ![200, 201, 503].includes(status))).toEqual([]);
    await expectRecoveredSince(Date.now());
  });
});
