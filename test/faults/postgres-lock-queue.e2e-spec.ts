import { eventually } from '../support/eventually.js';
import { answeredWithin } from './support/answered-within.js';
import {
  createTodo,
  expectCleanDegradation,
  newKey,
  observe,
  signUpUser,
  startGatewayOnThrowawayPostgres,
  type FaultUser,
  type GatewayOnThrowawayPostgres,
  type Observed,
} from './support/gateway-on-throwaway-postgres.js';

jest.setTimeout(120_000);

/** The burst: more creates than the pool (DATABASE_POOL_SIZE, 10) has connections. */
const CREATES = 12;
/** DATABASE_POOL_TIMEOUT_MS' default: nobody else may wait for a connection that long. */
const POOL_TIMEOUT_MS = 2000;
/** The budget of one request's facade calls: REMOTE_CALL_TIMEOUT_MS' default. */
const REQUEST_BUDGET_MS = 5000;

/** Connections of the app waiting for an advisory lock (a create waiting for its user's lock). */
const WAITING_FOR_LOCKS = `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`;

/**
 * Someone holds one user's create lock (here psql, in life a slow transaction on another
 * instance) while that user sends a burst of creates: the burst holds at most one pooled
 * connection, each of its creates ends in 503 `platform.database_busy` with Retry-After within
 * the request's budget, and every other user's reads and writes go on as if nothing happened.
 */
describe('one user’s creates waiting for their lock', () => {
  let system: GatewayOnThrowawayPostgres;
  let crowded: FaultUser;
  let other: FaultUser;
  let othersTodo: string;

  beforeAll(async () => {
    system = await startGatewayOnThrowawayPostgres({ REMOTE_CALL_TIMEOUT_MS: String(REQUEST_BUDGET_MS) });
    [crowded, other] = await Promise.all([signUpUser(system.http), signUpUser(system.http)]);
    othersTodo = await createTodo(system.http, other, 'mine');
  });
  afterAll(() => system?.stop());

  it('keeps the pool for everyone else and answers the queue with 503 and Retry-After', async () => {
    const { http, pg } = system;
    const holder = await pg.connect();
    const watcher = await pg.connect();
    const keys = Array.from({ length: CREATES }, () => newKey());
    let mostWaiting = 0;
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext('ficus.todos.create'), hashtext($1))`, [crowded.id]);
      const burst = Promise.all(keys.map((key, index) => observe(http, 'crowded POST /todos', 'POST', '/todos', { title: `burst ${index}` }, crowded.token, { 'idempotency-key': key })));
      const waiting = async () => {
        const { rows } = await watcher.query<{ waiting: number }>(WAITING_FOR_LOCKS);
        mostWaiting = Math.max(mostWaiting, rows[0].waiting);
        return rows[0].waiting;
      };
      // Staged: the burst is in, and waits for the lock.
      await eventually(async () => expect(await waiting()).toBeGreaterThan(0));

      const others: Observed[] = await Promise.all(
        Array.from({ length: 3 }, (_, round) => [
          observe(http, 'other GET /todos/:id', 'GET', `/todos/${othersTodo}`, undefined, other.token),
          observe(http, 'other GET /todos', 'GET', '/todos', undefined, other.token),
          observe(http, 'other POST /todos', 'POST', '/todos', { title: `meanwhile ${round}` }, other.token),
        ]).flat(),
      );
      expect(others.map(({ label, status }) => [label, status])).toEqual(others.map(({ label }) => [label, label.includes('POST') ? 201 : 200]));
      expect(others.filter((answer) => answer.endedAt - answer.startedAt >= POOL_TIMEOUT_MS)).toEqual([]);
      await waiting();
      // At most one of this process's connections waits for the user's lock.
      expect(mostWaiting).toBe(1);

      const crowdedAnswers = await answeredWithin(REQUEST_BUDGET_MS, burst);
      expectCleanDegradation(crowdedAnswers);
      expect(crowdedAnswers.map(({ status, body }) => [status, body?.code])).toEqual(keys.map(() => [503, 'platform.database_busy']));
      expect(crowdedAnswers.filter((answer) => answer.endedAt - answer.startedAt > REQUEST_BUDGET_MS)).toEqual([]);
    } finally {
      await holder.end();
      await watcher.end();
    }

    // Once the lock is free the same requests create each todo exactly once.
    for (const [index, key] of keys.entries()) {
      const retried = await observe(http, 'retry', 'POST', '/todos', { title: `burst ${index}` }, crowded.token, { 'idempotency-key': key });
      expect(retried.status).toBe(201);
    }
    const page = await http.get<{ items: unknown[] }>('/todos?limit=100', { token: crowded.token });
    expect(page.body.items).toHaveLength(CREATES);
  });
});
