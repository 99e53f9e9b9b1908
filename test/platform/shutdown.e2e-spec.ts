import { installGracefulShutdown } from '@ficus/common';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@ficus/common';
import { probeApp } from './fixtures/probe.app.js';
import { startTestApp } from '../support/test-app.js';

describe('graceful shutdown', () => {
  it('turns not-ready at once, drains, finishes in-flight requests, refuses new connections, exits 0', async () => {
    const { app, url, logs } = await startTestApp(probeApp, { SHUTDOWN_DRAIN_DELAY_MS: '400', SHUTDOWN_GRACE_PERIOD_MS: '5000' }, { listen: true });
    const exitCodes: number[] = [];
    const shutdown = installGracefulShutdown(app, {
      config: app.get(AppConfig),
      logger: app.get(Logger),
      exit: (code) => exitCodes.push(code),
      signals: [],
    });

    const inFlight = fetch(`${url}/probe/slow?ms=1200`).then(async (response) => ({ status: response.status, body: await response.json() }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const done = shutdown.shutdown('SIGTERM');

    // During the drain delay: still accepting, but not ready.
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(503);
    const live = await fetch(`${url}/health`, { headers: { connection: 'close' } });
    expect(live.status).toBe(200);

    // After the drain delay: the listener is closed, new connections are refused.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await expect(fetch(`${url}/health`, { headers: { connection: 'close' } })).rejects.toThrow();

    // The request that was in flight all along completes normally.
    await expect(inFlight).resolves.toEqual({ status: 200, body: { slept: 1200 } });
    await done;
    if (exitCodes[0] !== 0) console.log(logs.text);
    expect(exitCodes).toEqual([0]);
  });

  it('cuts off requests that outlive the grace period and exits 1', async () => {
    const { app, url } = await startTestApp(probeApp, { SHUTDOWN_DRAIN_DELAY_MS: '0', SHUTDOWN_GRACE_PERIOD_MS: '300' }, { listen: true });
    const exitCodes: number[] = [];
    const shutdown = installGracefulShutdown(app, { config: app.get(AppConfig), logger: app.get(Logger), exit: (code) => exitCodes.push(code), signals: [] });
    const stuck = fetch(`${url}/probe/slow?ms=3000`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await shutdown.shutdown('SIGTERM');
    expect(Date.now() - started).toBeLessThan(2000);
    // fetch's TypeError comes from another realm, so compare by shape.
    expect(await stuck).toMatchObject({ name: 'TypeError' });
    expect(exitCodes).toEqual([1]);
  });
});
