import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TimeoutError } from '@ficus/resilience';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/databases.js';
import { createContextPool } from './prisma-adapter.js';
import { pingDatabase } from './ping.js';

describe('database helpers against PostgreSQL', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('dbhelpers');
  });
  afterAll(() => database?.drop());

  it('gives every pooled connection the context schema as search_path', async () => {
    const pool = createContextPool({ url: database.url, schema: 'todos', poolSize: 2 });
    try {
      await pool.query('CREATE SCHEMA todos; CREATE TABLE todos.probe (id int)');
      const clients = await Promise.all([pool.connect(), pool.connect()]);
      for (const client of clients) {
        const { rows } = await client.query(`SELECT current_schema() AS schema, to_regclass('probe')::text AS probe`);
        expect(rows).toEqual([{ schema: 'todos', probe: 'probe' }]);
        client.release();
      }
      expect(pool.options.max).toBe(2);
    } finally {
      await pool.end();
    }
  });

  it('pings by URL and by pool', async () => {
    await expect(pingDatabase(database.url)).resolves.toBeUndefined();
    const pool = createContextPool({ url: database.url, schema: 'todos', poolSize: 1 });
    try {
      await expect(pingDatabase(pool)).resolves.toBeUndefined();
    } finally {
      await pool.end();
    }
  });

  it('rejects when nothing listens', async () => {
    await expect(pingDatabase('postgresql://postgres@127.0.0.1:9/nowhere_test', 1000)).rejects.toThrow();
  });

  it('times out on a server that accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const started = Date.now();
      // Many at once: pg's own timers must never win the race and reject with a plain Error.
      const pings = Array.from({ length: 50 }, () => pingDatabase(`postgresql://postgres@127.0.0.1:${port}/silent_test`, 300));
      const outcomes = await Promise.allSettled(pings);
      expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason instanceof TimeoutError)).toEqual(pings.map(() => true));
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports a saturated pool as not ready within the timeout', async () => {
    const pool = createContextPool({ url: database.url, schema: 'todos', poolSize: 1 });
    const held = await pool.connect();
    try {
      await expect(pingDatabase(pool, 300)).rejects.toBeInstanceOf(TimeoutError);
    } finally {
      held.release();
      await pool.end();
    }
  });
});
