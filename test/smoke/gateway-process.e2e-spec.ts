import { randomBytes } from 'node:crypto';
import { runToExit, startAppProcess, type AppProcess, type ExitedProcess } from '../support/app-process.js';
import { generateSigningKeyPem } from '../support/jwt-keys.js';
import { requireService } from '../support/services.js';
import { stopProcess } from '../support/topology.js';
import { newServiceKey } from '../../tools/start/dev-keys.js';

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

describe('a context app as a real process', () => {
  let todos: AppProcess;

  beforeAll(async () => {
    todos = await startAppProcess('todos', {
      DATABASE_URL: process.env.DATABASE_URL ?? '',
      SERVICE_PRIVATE_KEYS: newServiceKey(),
      REDIS_URL: requireService('REDIS_URL'),
      NATS_URL: requireService('NATS_URL'),
      NATS_SUBJECT_PREFIX: `ficus-test-${randomBytes(4).toString('hex')}.`,
    });
  });
  afterAll(() => stopProcess(todos));

  it('serves probes and metrics on its HTTP port, but no API docs', async () => {
    expect((await fetch(`${todos.url}/health`)).status).toBe(200);
    expect((await fetch(`${todos.url}/docs`)).status).toBe(404);
    expect((await fetch(`${todos.url}/docs-json`)).status).toBe(404);
    expect(todos.output()).not.toContain('Swagger UI');
  });
});

/** The environment of this test process without anything that configures a database, a signing key or a service key. */
const bare = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([key]) => !/DATABASE_URL|AUTH_JWT_PRIVATE_KEYS|SERVICE_(PRIVATE|PUBLIC)_KEYS|_TRANSPORT$/.test(key)));

/** Exactly one message on stderr, listing exactly `keys` (in order), and no stack trace anywhere. */
const expectOneMessage = ({ status, stdout, stderr }: ExitedProcess, app: string, keys: string[]): void => {
  expect(status).toBe(1);
  expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
  expect(stderr).toMatch(new RegExp(`^ficus ${app}: Invalid configuration:\n`));
  expect([...stderr.matchAll(/^ {2}- ([A-Z_]+):/gm)].map((match) => match[1])).toEqual(keys);
  expect(`${stdout}${stderr}`).not.toMatch(/^\s+at /m);
};

describe('an invalid configuration', () => {
  /** Beyond runToExit's own guard, so a process that never stops fails on what it printed. */
  const EXIT_TIMEOUT_MS = 60_000;

  it('stops the process with one message listing every bad key', async () => {
    const result = await runToExit('gateway', { ...process.env, PORT: 'eighty', LOG_LEVEL: 'chatty', DATABASE_URL: 'mysql://nope', AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem() });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration:\n {2}- DATABASE_URL: .*\n {2}- LOG_LEVEL: .*\n {2}- PORT: /);
  }, EXIT_TIMEOUT_MS);

  it('reads .env in its working directory, the environment winning over the file', async () => {
    const env = { ...bare(), DATABASE_URL: 'postgresql://from-the-environment/ficus', AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem() };
    const result = await runToExit('gateway', env, 'BODY_LIMIT=tiny\nDATABASE_URL=mysql://from-the-file\n');
    expectOneMessage(result, 'gateway', ['BODY_LIMIT']);
  }, EXIT_TIMEOUT_MS);

  it.each([
    ['gateway', {}, ['AUTH_JWT_PRIVATE_KEYS', 'DATABASE_URL']],
    ['auth', {}, ['AUTH_JWT_PRIVATE_KEYS', 'DATABASE_URL', 'SERVICE_PRIVATE_KEYS']],
    ['todos', {}, ['DATABASE_URL', 'SERVICE_PRIVATE_KEYS']],
    ['ai', {}, ['DATABASE_URL', 'SERVICE_PRIVATE_KEYS']],
    ['ai', { TODOS_TRANSPORT: 'nats' }, ['SERVICE_PRIVATE_KEYS']],
    ['gateway', { AUTH_TRANSPORT: 'nats', TODOS_TRANSPORT: 'nats', AI_TRANSPORT: 'nats', PORT: 'eighty' }, ['PORT', 'SERVICE_PRIVATE_KEYS']],
  ])('lists missing keys in that one message: %s %j', async (app, env, keys) => {
    expectOneMessage(await runToExit(app, { ...bare(), ...env }), app, keys);
  }, EXIT_TIMEOUT_MS);
});
