import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isAlive, postmasterPid } from '../embedded-pg/index.js';
import { resolve } from 'node:path';
import { ensureDevJwtKey } from './dev-keys.js';
import { endLaunchers, launchScript, waitFor, type Launcher } from './test-launcher.js';

// The real launcher, started by `npm start`, with a placeholder app instead of the gateway, on a real embedded PostgreSQL in a throw-away data directory.
const ROOT = resolve(__dirname, '../..');
const dataDir = resolve(ROOT, `.data/start-spec-${randomBytes(4).toString('hex')}`);
const appEntry = resolve(dataDir, 'placeholder-app.mjs');

// Drains for a while on the first signal and proves the database still answers afterwards, so
// the test sees the order app-then-database. Under .data/ so `pg` resolves from the repo.
const PLACEHOLDER = `
import pg from 'pg';
const query = async (sql) => { const c = new pg.Client(process.env.DATABASE_URL); await c.connect(); try { return (await c.query(sql)).rows; } finally { await c.end(); } };
await query('select 1');
let signals = 0;
const onSignal = async (signal) => {
  signals += 1;
  console.log('placeholder got ' + signal + ' #' + signals);
  if (signals > 1) return;
  await new Promise((done) => setTimeout(done, 1000));
  await query('select 1');
  console.log('placeholder drained, database still up');
  process.exit(0);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
console.log('placeholder key ' + (process.env.AUTH_JWT_PRIVATE_KEYS_FILE ?? 'none'));
console.log('placeholder ready');
if (process.env.PLACEHOLDER_EXIT) process.exit(Number(process.env.PLACEHOLDER_EXIT));
setInterval(() => undefined, 1000);
`;

/** `npm start` with a placeholder app and this spec's data directory. */
function launch(extraEnv: NodeJS.ProcessEnv = {}): Launcher {
  const env: NodeJS.ProcessEnv = { ...process.env, FICUS_SKIP_BUILD: '1', FICUS_DATA_DIR: dataDir, FICUS_APP_ENTRY: appEntry, ...extraEnv };
  // Jest's global setup points these at the test database; the launcher must start its own.
  for (const name of ['DATABASE_URL', 'AUTH_DATABASE_URL', 'TODOS_DATABASE_URL', 'AI_DATABASE_URL']) delete env[name];
  return launchScript('start', env);
}

const serverPid = () => postmasterPid(resolve(dataDir, 'postgres'));

beforeAll(() => {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(appEntry, PLACEHOLDER);
});
afterAll(async () => {
  await endLaunchers();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start launcher', () => {
  it('on SIGTERM lets the app drain, then stops PostgreSQL, exits 0 within 10 s; the next start reuses the data', async () => {
    const launcher = launch();
    await waitFor(launcher, 'placeholder ready');
    expect(launcher.output()).toMatch(/initialising/i);
    expect(launcher.output()).toContain(`data in ${resolve(dataDir, 'postgres')}`);
    // No key configured: the gateway (hosting auth) gets the development key.
    expect(launcher.output()).toContain(`placeholder key ${resolve(dataDir, 'keys/auth-jwt-es256.pem')}`);
    const postgresPid = serverPid();

    // What a process manager does: SIGTERM to the process it started (npm).
    const signalledAt = Date.now();
    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(launcher.output()).toContain('placeholder got SIGTERM #1');
    expect(launcher.output()).toContain('placeholder drained, database still up');
    expect(isAlive(postgresPid)).toBe(false);
    expect(existsSync(resolve(dataDir, 'postgres/postmaster.pid'))).toBe(false);

    // A second start finds the cluster and skips initialisation.
    const again = launch();
    await waitFor(again, 'placeholder ready');
    expect(again.output()).not.toMatch(/initialising/i);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 90_000);

  it('on a terminal Ctrl-C (SIGINT to the whole group) drains once and exits 0', async () => {
    const launcher = launch();
    await waitFor(launcher, 'placeholder ready');
    const postgresPid = serverPid();

    // What a terminal does on Ctrl-C: SIGINT to every process of the foreground group, so the
    // launcher gets it twice (directly and relayed by npm) and must pass it on only once.
    process.kill(-(launcher.child.pid ?? 0), 'SIGINT');
    expect(await launcher.exited).toBe(0);
    expect(launcher.output()).toContain('placeholder got SIGINT #1');
    expect(launcher.output()).not.toContain('#2');
    expect(launcher.output()).toContain('placeholder drained, database still up');
    expect(isAlive(postgresPid)).toBe(false);
  }, 90_000);

  it('exits with the app’s own non-zero code and still stops PostgreSQL; passes a configured key on unchanged', async () => {
    const ownKey = ensureDevJwtKey(resolve(dataDir, 'own'));
    const launcher = launch({ PLACEHOLDER_EXIT: '3', AUTH_JWT_PRIVATE_KEYS_FILE: ownKey });
    expect(await launcher.exited).toBe(3);
    expect(launcher.output()).toContain(`placeholder key ${ownKey}`);
    expect(launcher.output()).not.toContain('No AUTH_JWT_PRIVATE_KEYS set');
    expect(existsSync(resolve(dataDir, 'postgres/postmaster.pid'))).toBe(false);
  }, 90_000);
});
