import { Redis } from 'ioredis';
import { connect } from '@nats-io/transport-node';
import { eventually } from '../eventually.js';
import { startThrowawayNats, startThrowawayPostgres, startThrowawayRedis } from './index.js';

jest.setTimeout(60_000);

/** The fault suite's own tools: each one must really break and heal what it claims to. */
describe('throw-away services', () => {
  it('PostgreSQL: migrated, stoppable, restartable on the same port, backends terminable', async () => {
    const pg = await startThrowawayPostgres();
    try {
      const client = await pg.connect();
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'todos'");
      expect(Number(rows[0].n)).toBeGreaterThan(0);
      // pg reports a terminated backend once per error it sees (the FATAL, then the closed socket).
      const errors: Error[] = [];
      client.on('error', (error) => errors.push(error));
      expect(await pg.terminateBackends()).toBe(1);
      await eventually(() => expect(errors.map((error) => error.message).join()).toMatch(/terminat/));
      await pg.stop();
      await expect(pg.connect()).rejects.toThrow(/ECONNREFUSED/);
      await pg.start();
      const again = await pg.connect();
      await again.query('SELECT 1');
      await again.end();
    } finally {
      await pg.destroy();
    }
  });

  it('Redis: a paused or sleeping server answers nothing until it resumes', async () => {
    const redis = await startThrowawayRedis();
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0, commandTimeout: 300 });
    try {
      expect(await client.ping()).toBe('PONG');
      redis.pause();
      await expect(client.ping()).rejects.toThrow(/timed out/i);
      redis.resume();
      // eventually: a loaded machine may stall this process past the client's timeout.
      expect(await eventually(() => client.ping())).toBe('PONG');
      // Long enough that the server still sleeps when the ping arrives, however loaded the machine.
      await redis.debugSleep(5);
      await expect(client.ping()).rejects.toThrow(/timed out/i);
      await redis.kill();
      await redis.start();
      expect(await eventually(() => client.ping())).toBe('PONG');
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });

  it('NATS: paused (answering nothing) and resumed, killed and restarted on the same port', async () => {
    const nats = await startThrowawayNats();
    try {
      const first = await connect({ servers: nats.url });
      nats.pause();
      await expect(first.request('$JS.API.INFO', undefined, { timeout: 500 })).rejects.toThrow(/timeout/i);
      nats.resume();
      expect((await first.request('$JS.API.INFO', undefined, { timeout: 5000 })).json<{ limits?: object }>().limits).toBeDefined();
      await first.close();
      await nats.kill();
      await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow();
      await nats.start();
      const second = await connect({ servers: nats.url });
      const info = (await second.request('$JS.API.INFO')).json<{ limits?: object; error?: object }>();
      expect(info.error).toBeUndefined();
      expect(info.limits).toBeDefined();
      await second.close();
    } finally {
      await nats.stop();
    }
  });
});
