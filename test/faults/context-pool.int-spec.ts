import { Logger } from '@nestjs/common';
import { createContextPool, databaseFailureOf, databaseLabel, type ContextPool } from '@ficus/common';
import { eventually } from '../support/eventually.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway/index.js';

jest.setTimeout(60_000);

const TIMEOUTS = { poolMs: 300, statementMs: 300, lockMs: 200 };

/** The context pool against a PostgreSQL that is cut off, stopped and locked under it. */
describe('ContextPool against a failing PostgreSQL', () => {
  let pg: ThrowawayPostgres;
  let pool: ContextPool;
  let errors: jest.SpiedFunction<Logger['error']>;
  let infos: jest.SpiedFunction<Logger['log']>;

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
  });
  afterAll(() => pg?.destroy());
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    infos = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    pool = createContextPool({ url: pg.url, schema: 'todos', poolSize: 2, timeouts: TIMEOUTS });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await pool.end();
  });

  it('survives a connection cut while its client is checked out and nobody listens, and drops that client', async () => {
    // As a client handed to a waiting transaction is, until that waiter runs: pg-pool's own
    // listener is gone and the holder has not attached one. Before ContextPool, the cut raised
    // an unhandled 'error' event (57P01) and ended the process.
    const client = await pool.connect();
    expect(await pg.terminateBackends()).toBe(1);
    const failure = await client.query('SELECT 1').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(databaseFailureOf(failure)).toBe('unavailable');
    client.release();
    await eventually(() => expect(pool.totalCount).toBe(0));
    const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('drops idle clients whose connection was cut, without an unhandled error', async () => {
    await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 1')]);
    expect(pool.idleCount).toBeGreaterThan(0);
    await pg.terminateBackends();
    await eventually(() => expect(pool.totalCount).toBe(0));
    await expect(pool.query('SELECT 1')).resolves.toBeDefined();
  });

  it('logs a stopped database once when the outage starts and once when it ends', async () => {
    // A database of its own: outages are logged per database, and the other tests cut this one's.
    const admin = await pg.connect();
    await admin.query('CREATE DATABASE ficus_test_outage_log');
    await admin.end();
    const url = Object.assign(new URL(pg.url), { pathname: '/ficus_test_outage_log' }).toString();
    await pool.end();
    pool = createContextPool({ url, schema: 'public', poolSize: 2, timeouts: TIMEOUTS });
    await pool.query('SELECT 1');
    await pg.stop();
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const refused = await pool.query('SELECT 1').then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(databaseFailureOf(refused)).toBe('unavailable');
      }
    } finally {
      await pg.start();
    }
    await pool.query('SELECT 1');
    await pool.query('SELECT 1');
    const label = databaseLabel(url);
    expect(errors.mock.calls.map(([message]) => String(message))).toEqual([expect.stringMatching(new RegExp(`^PostgreSQL ${label} unavailable \\(`))]);
    expect(infos.mock.calls).toEqual([[`PostgreSQL ${label} available again`]]);
  });

  it('bounds statements, lock waits and waiting for a connection, as busy', async () => {
    const holder = await pg.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(1, 2)');
      const started = Date.now();
      const failures = await Promise.all(
        ['SELECT pg_sleep(5)', 'SELECT pg_advisory_lock(1, 2)'].map((sql) =>
          pool.query(sql).then(
            () => undefined,
            (error: unknown) => error,
          ),
        ),
      );
      expect(failures.map((error) => [(error as { code?: string }).code, databaseFailureOf(error)])).toEqual([
        ['57014', 'busy'],
        ['55P03', 'busy'],
      ]);
      const held = await Promise.all([pool.connect(), pool.connect()]);
      const waited = await pool.query('SELECT 1').then(
        () => undefined,
        (error: unknown) => error,
      );
      for (const client of held) client.release();
      expect(databaseFailureOf(waited)).toBe('busy');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await holder.end();
    }
  });
});
