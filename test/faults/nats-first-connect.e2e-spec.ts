import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { anyFreePort } from '../../tools/embedded-pg/free-port.js';
import { newServiceKey } from '../../tools/start/dev-keys.js';
import { builtEntry } from '../support/app-process.js';
import { eventually } from '../support/eventually.js';
import { requireService } from '../support/services.js';
import { startThrowawayNats, type ThrowawayNats } from '../support/throwaway/index.js';

// A context app started while its NATS server is down: before, it exited at once (and
// `npm run start:split` stopped every app with it); now it waits for NATS, answering probes.

describe('a context app started while NATS is down', () => {
  let nats: ThrowawayNats;
  let app: ChildProcess;
  let output = '';
  let exitCode: number | null | undefined;

  beforeAll(async () => {
    nats = await startThrowawayNats();
    await nats.kill();
    const port = await anyFreePort();
    app = spawn(process.execPath, [builtEntry('todos')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: process.env.DATABASE_URL ?? '',
        REDIS_URL: requireService('REDIS_URL'),
        NATS_URL: nats.url,
        NATS_SUBJECT_PREFIX: `ficus-test-${randomBytes(4).toString('hex')}.`,
        SERVICE_PRIVATE_KEYS: newServiceKey(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    app.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    app.once('exit', (code) => (exitCode = code));
    (app as ChildProcess & { port?: number }).port = port;
  });

  afterAll(async () => {
    if (app && exitCode === undefined) {
      const exited = new Promise((done) => app.once('exit', done));
      app.kill('SIGTERM');
      await exited;
    }
    await nats?.stop();
  });

  const url = (path: string) => `http://127.0.0.1:${(app as ChildProcess & { port?: number }).port}${path}`;

  it('stays up, live but not ready, and says it is waiting', async () => {
    await eventually(async () => expect((await fetch(url('/health'))).status).toBe(200), { timeoutMs: 20_000 });
    const ready = await fetch(url('/ready'));
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('nats');
    await eventually(() => expect(output).toContain('Waiting for the transport to serve todos'), { timeoutMs: 10_000 });
    expect(output).not.toContain('listening on');
    expect(exitCode).toBeUndefined();
  }, 40_000);

  it('serves once NATS is there, without a restart', async () => {
    await nats.start();
    await eventually(() => expect(output).toContain('listening on'), { timeoutMs: 15_000 });
    await eventually(async () => expect((await fetch(url('/ready'))).status).toBe(200), { timeoutMs: 10_000 });
    expect(exitCode).toBeUndefined();
  }, 40_000);
});
