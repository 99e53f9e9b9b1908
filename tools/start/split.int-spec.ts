import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoted, withClient, withDatabase } from '../db/databases.js';
import { testServerUrl } from '../../test/support/databases.js';
import { endLaunchers, launchScript, signalGroup, waitFor, type Launcher } from './test-launcher.js';

// `npm run start:split` as a developer runs it, with placeholders instead of the four apps, on a
// database of its own that the launcher itself has to create and migrate.
const workDir = mkdtempSync(join(tmpdir(), 'ficus-split-'));
const entryDir = join(workDir, 'apps');
const databaseName = `ficus_test_split_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(testServerUrl(), databaseName);

// Reports what it was given, "listens" after a moment (the gateway at once), and on SIGTERM
// stops after a moment (the gateway more slowly, so the stop order shows).
const PLACEHOLDER = `
const name = require('node:path').basename(__filename, '.js');
const env = process.env;
console.log('env ' + JSON.stringify({ port: env.PORT, transports: [env.AUTH_TRANSPORT, env.TODOS_TRANSPORT, env.AI_TRANSPORT].join(','),
  nats: env.NATS_URL, redis: env.REDIS_URL, database: env.DATABASE_URL, serviceKey: env.SERVICE_PRIVATE_KEYS_FILE, publicKeys: env.SERVICE_PUBLIC_KEYS,
  key: env.AUTH_JWT_PRIVATE_KEYS_FILE || '' }));
console.error('a line on stderr');
let signals = 0;
process.on('SIGINT', () => console.log('got SIGINT'));
process.on('SIGTERM', () => {
  signals += 1;
  console.log('got SIGTERM #' + signals);
  if (signals === 1) setTimeout(() => { console.log('stopped'); process.exit(0); }, name === 'gateway' ? 300 : 50);
});
setTimeout(() => {
  process.stdout.write('Ficus ' + name + ' listening on http://localhost:' + env.PORT + '\\n');
  if (env.PLACEHOLDER_CRASH === name) setTimeout(() => process.exit(3), 200);
}, name === 'gateway' ? 0 : 300);
setInterval(() => undefined, 1000);
`;

function launch(extraEnv: NodeJS.ProcessEnv = {}): Launcher {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FICUS_SKIP_BUILD: '1',
    FICUS_SPLIT_ENTRY_DIR: entryDir,
    FICUS_DATA_DIR: join(workDir, 'data'),
    DATABASE_URL: databaseUrl,
    ...extraEnv,
  };
  for (const name of ['AUTH_DATABASE_URL', 'TODOS_DATABASE_URL', 'AI_DATABASE_URL', 'SERVICE_PRIVATE_KEYS', 'SERVICE_PUBLIC_KEYS', 'AUTH_JWT_PRIVATE_KEYS', 'PORT', 'NATS_URL', 'REDIS_URL']) delete env[name];
  return launchScript('start:split', env);
}

/** Where in the output a line of `app` containing `text` first appears (-1: nowhere). */
const lineAt = (output: string, app: string, text: string): number =>
  output.split('\n').findIndex((line) => line.startsWith(`[${app}]`) && line.includes(text));

beforeAll(() => {
  mkdirSync(entryDir, { recursive: true });
  for (const app of ['auth', 'todos', 'ai', 'gateway']) writeFileSync(join(entryDir, `${app}.js`), PLACEHOLDER);
});
afterAll(async () => {
  await endLaunchers();
  await withClient(testServerUrl(), (client) => client.query(`DROP DATABASE IF EXISTS ${quoted(databaseName)} WITH (FORCE)`));
  rmSync(workDir, { recursive: true, force: true });
});

describe('npm run start:split launcher', () => {
  it('creates and migrates the database, starts the contexts before the gateway, stops the gateway first on SIGTERM', async () => {
    const launcher = launch();
    await waitFor(launcher, 'All apps are up');
    const output = launcher.output();
    expect(output).toContain(`Created database ${databaseName}`);
    expect(output).toMatch(/migrations: auth: applied/);
    for (const context of ['auth', 'todos', 'ai']) {
      expect(lineAt(output, context, 'listening on')).toBeLessThan(lineAt(output, 'gateway', 'env '));
    }
    expect(lineAt(output, 'auth', 'a line on stderr')).toBeGreaterThanOrEqual(0);

    const reports = Object.fromEntries([...output.matchAll(/^\[(\w+)\]\s+env (.*)$/gm)].map(([, app, json]) => [app, JSON.parse(json) as Record<string, string>]));
    expect(Object.keys(reports).toSorted()).toEqual(['ai', 'auth', 'gateway', 'todos']);
    expect([reports.auth.port, reports.todos.port, reports.ai.port, reports.gateway.port]).toEqual(['3101', '3102', '3103', '3000']);
    const keyFile = join(workDir, 'data', 'keys', 'auth-jwt-es256.pem');
    expect(reports.auth.key).toBe(keyFile);
    expect(existsSync(keyFile)).toBe(true);
    for (const [app, report] of Object.entries(reports)) {
      expect(report).toMatchObject({ transports: 'nats,nats,nats', nats: 'nats://127.0.0.1:4222', redis: 'redis://127.0.0.1:6379', database: databaseUrl });
      // Each app its own service key; every app all the public keys.
      expect(report.serviceKey).toBe(join(workDir, 'data', 'keys', `service-${app}.pem`));
      expect(report.publicKeys.split(',').map((entry) => entry.split(':')[0])).toEqual(['gateway', 'auth', 'todos', 'ai']);
      expect(report.publicKeys).toBe(reports.auth.publicKeys);
    }
    expect([reports.todos.key, reports.ai.key, reports.gateway.key]).toEqual(['', '', '']);

    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toBe(0);
    const stopped = launcher.output();
    expect(lineAt(stopped, 'gateway', 'stopped')).toBeLessThan(lineAt(stopped, 'auth', 'got SIGTERM #1'));
    for (const app of ['auth', 'todos', 'ai', 'gateway']) expect(lineAt(stopped, app, 'stopped')).toBeGreaterThan(0);
  }, 90_000);

  it('on a terminal Ctrl-C (SIGINT to the whole group) sends each app one SIGTERM and exits 0', async () => {
    const launcher = launch();
    await waitFor(launcher, 'All apps are up');
    expect(launcher.output()).not.toContain('Created database');
    process.kill(-(launcher.child.pid ?? 0), 'SIGINT');
    expect(await launcher.exited).toBe(0);
    const output = launcher.output();
    for (const app of ['auth', 'todos', 'ai', 'gateway']) expect(lineAt(output, app, 'got SIGTERM #1')).toBeGreaterThan(0);
    expect(output).not.toContain('#2');
    expect(output).not.toContain('got SIGINT');
  }, 90_000);

  it('when its terminal closes (SIGHUP), stops every app as on SIGTERM instead of leaving them running', async () => {
    const launcher = launch();
    await waitFor(launcher, 'All apps are up');
    // The terminal hangs up its whole foreground group: npm dies of it, the launcher must not.
    process.kill(-(launcher.child.pid ?? 0), 'SIGHUP');
    const deadline = Date.now() + 30_000;
    const stoppedAll = () => ['auth', 'todos', 'ai', 'gateway'].every((app) => lineAt(launcher.output(), app, 'stopped') >= 0);
    while (!stoppedAll() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    const output = launcher.output();
    for (const app of ['auth', 'todos', 'ai', 'gateway']) {
      expect(lineAt(output, app, 'got SIGTERM #1')).toBeGreaterThan(0);
      expect(lineAt(output, app, 'stopped')).toBeGreaterThan(0);
    }
    // And the launcher itself has gone: nothing of npm's process group is left.
    while (signalGroup(launcher.child.pid ?? 0, 0) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    expect(signalGroup(launcher.child.pid ?? 0, 0)).toBe(false);
  }, 90_000);

  it('when one app exits on its own, stops the others and exits 1', async () => {
    const launcher = launch({ PLACEHOLDER_CRASH: 'todos' });
    expect(await launcher.exited).toBe(1);
    const output = launcher.output();
    expect(output).toContain('[ficus] todos exited unexpectedly (code 3): stopping the others');
    for (const app of ['auth', 'ai']) expect(lineAt(output, app, 'stopped')).toBeGreaterThan(0);
  }, 90_000);

  it('in production invents no credentials: the configuration error names SERVICE_PRIVATE_KEYS', async () => {
    const dataDir = join(workDir, 'production-data');
    const launcher = launch({ NODE_ENV: 'production', FICUS_DATA_DIR: dataDir });
    expect(await launcher.exited).toBe(1);
    expect(launcher.output()).toMatch(/SERVICE_PRIVATE_KEYS/);
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);
  }, 90_000);
});
