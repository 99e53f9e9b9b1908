import { Logger } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { NATS_PING, NATS_RECONNECT_BACKOFF, NatsLink } from '../../libs/common/src/transport/nats-link.js';
import { eventually } from '../support/eventually.js';
import { startThrowawayNats, type ThrowawayNats } from '../support/throwaway/index.js';

// One NATS connection of an app through kill -9 of its server and back: the reconnect policy,
// the readiness it reports and the two lines it logs, against a real nats-server.

describe('NatsLink', () => {
  let nats: ThrowawayNats;
  let client: NatsConnection | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    nats = await startThrowawayNats();
    for (const level of ['log', 'warn', 'error'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void lines.push(`${level}: ${String(args[0])}`));
    }
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await client?.close();
    await nats?.stop();
  });

  it('reconnects with back-off capped at 2 s, reports not ready meanwhile, and logs the loss and the return once', async () => {
    const link = new NatsLink('serving todos', 'not ready until it is back');
    await expect(link.readinessCheck(new AbortController().signal)).rejects.toThrow('serving todos');
    client = await connect({ servers: nats.url, ...link.connectionOptions() });
    const following = link.follow(client);
    await expect(link.readinessCheck(new AbortController().signal)).resolves.toBeUndefined();

    await nats.kill();
    await eventually(() => expect(link.isConnected).toBe(false));
    await expect(link.readinessCheck(new AbortController().signal)).rejects.toThrow('The NATS connection serving todos is down');
    // Attempts go on, each wait longer than the one before up to the cap (with jitter: half of it at least).
    await eventually(
      () => {
        const delays = Array.from({ length: 50 }, () => link.reconnectDelayMs());
        expect(Math.min(...delays)).toBeGreaterThanOrEqual(NATS_RECONNECT_BACKOFF.maxMs / 2);
        expect(Math.max(...delays)).toBeLessThanOrEqual(NATS_RECONNECT_BACKOFF.maxMs);
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    expect(client.isClosed()).toBe(false);

    await nats.start();
    const backAt = Date.now();
    await eventually(() => expect(link.isConnected).toBe(true), { timeoutMs: 10_000, intervalMs: 20 });
    // Found within one capped wait (plus the dial itself) of the server's return.
    expect(Date.now() - backAt).toBeLessThan(NATS_RECONNECT_BACKOFF.maxMs + 1500);
    await expect(link.readinessCheck(new AbortController().signal)).resolves.toBeUndefined();
    // The first attempt after the return waits at most the first step again.
    expect(link.reconnectDelayMs()).toBeLessThanOrEqual(NATS_RECONNECT_BACKOFF.firstMs);

    const natsLines = lines.filter((line) => line.includes('NATS connection serving todos'));
    expect(natsLines).toEqual([
      expect.stringMatching(/^error: Lost the NATS connection serving todos \(127\.0\.0\.1:\d+\): not ready until it is back; reconnecting$/),
      expect.stringMatching(/^log: NATS connection serving todos is back after \d+\.\d s$/),
    ]);

    lines.length = 0;
    await client.close();
    await following;
    expect(link.isConnected).toBe(false);
    // Closed by the app: no complaint.
    expect(lines).toEqual([]);
  }, 60_000);

  it('gives up on a hung server once its pings go unanswered, and is back when it answers again', async () => {
    const link = new NatsLink('to todos', 'calls to todos fail with 503 until it is back');
    client = await connect({ servers: nats.url, ...link.connectionOptions() });
    const following = link.follow(client);
    nats.pause();
    const pausedAt = Date.now();
    try {
      await eventually(() => expect(link.isConnected).toBe(false), { timeoutMs: 30_000, intervalMs: 100 });
      // The NATS client's default (two missed pings, two minutes apart) would take 4 to 6 minutes.
      expect(Date.now() - pausedAt).toBeLessThanOrEqual((NATS_PING.maxOut + 1) * NATS_PING.intervalMs + 5000);
    } finally {
      nats.resume();
    }
    await eventually(() => expect(link.isConnected).toBe(true), { timeoutMs: 10_000, intervalMs: 50 });
    await client.close();
    await following;
  }, 60_000);
});
