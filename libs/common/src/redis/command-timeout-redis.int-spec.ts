import { startThrowawayRedis, type ThrowawayRedis } from '../../../../test/support/throwaway/index.js';
import { CommandTimeoutRedis, RedisCommandTimeoutError } from './command-timeout-redis.js';

const TIMEOUT_MS = 100;

/** Keeps the event loop busy (as a long GC pause or a starved CPU does) for `ms`. */
function stallEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Busy on purpose: nothing else runs meanwhile, the reply waits in the socket.
  }
}

describe('the Redis client command timeout', () => {
  let server: ThrowawayRedis;
  let redis: CommandTimeoutRedis;

  beforeAll(async () => {
    server = await startThrowawayRedis();
    redis = new CommandTimeoutRedis(server.url, { enableOfflineQueue: false, lazyConnect: true }, TIMEOUT_MS);
    await redis.connect();
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('fails a command the server does not answer in time', async () => {
    server.pause();
    try {
      const started = Date.now();
      await expect(redis.ping()).rejects.toBeInstanceOf(RedisCommandTimeoutError);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 500);
    } finally {
      server.resume();
    }
    await expect(redis.ping()).resolves.toBe('PONG');
  });

  it('keeps a reply that arrived while the process was stalled past the timeout', async () => {
    const reply = redis.ping();
    stallEventLoop(TIMEOUT_MS * 3);
    await expect(reply).resolves.toBe('PONG');
  });
});
