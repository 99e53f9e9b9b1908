import { spawnSync } from 'node:child_process';
import { builtEntry, startAppProcess, type AppProcess } from '../support/app-process.js';
import { generateSigningKeyPem } from '../support/jwt-keys.js';

describe('the built gateway as a real process', () => {
  let gateway: AppProcess;

  beforeAll(async () => {
    gateway = await startAppProcess('gateway', { DATABASE_URL: process.env.DATABASE_URL ?? '', AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem() });
  });
  afterAll(() => {
    if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
  });

  it('is live and ready', async () => {
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    const ready = await fetch(`${gateway.url}/ready`);
    expect(ready.status).toBe(200);
  });

  it('serves Swagger UI, the OpenAPI document and metrics', async () => {
    const docs = await fetch(`${gateway.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    expect((await fetch(`${gateway.url}/docs-json`)).status).toBe(200);
    expect(await (await fetch(`${gateway.url}/metrics`)).text()).toMatch(/^process_resident_memory_bytes\{app="gateway"\} /m);
  });

  it('answers an unknown route and a malformed body with problem documents', async () => {
    const missing = await fetch(`${gateway.url}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const malformed = await fetch(`${gateway.url}/health`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ status: 400, type: 'https://ficus.dev/problems/malformed-body' });
  });

  it('exits 0 within 10 s of SIGTERM', async () => {
    const started = Date.now();
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('an invalid configuration', () => {
  it('stops the process with one message listing every bad key', () => {
    const result = spawnSync(process.execPath, [builtEntry('gateway')], {
      env: { ...process.env, PORT: 'eighty', LOG_LEVEL: 'chatty', DATABASE_URL: 'mysql://nope' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration:\n {2}- DATABASE_URL: .*\n {2}- LOG_LEVEL: .*\n {2}- PORT: /);
  });
});
