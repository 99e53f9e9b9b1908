import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

// The real launcher (through tsx, as `npm start` runs it) with a placeholder app instead of the
// gateway, on a real embedded PostgreSQL in a throw-away data directory.
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
console.log('placeholder ready');
if (process.env.PLACEHOLDER_EXIT) process.exit(Number(process.env.PLACEHOLDER_EXIT));
setInterval(() => undefined, 1000);
`;

interface Launcher {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; afterMs: number }>;
}

function launch(extraEnv: NodeJS.ProcessEnv = {}, options: { detached?: boolean } = {}): Launcher {
  const env: NodeJS.ProcessEnv = { ...process.env, FICUS_SKIP_BUILD: '1', FICUS_DATA_DIR: dataDir, FICUS_APP_ENTRY: appEntry, ...extraEnv };
  // Jest's global setup points these at the test database; the launcher must start its own.
  for (const name of ['DATABASE_URL', 'AUTH_DATABASE_URL', 'TODOS_DATABASE_URL', 'AI_DATABASE_URL']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/start/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let signalledAt = 0;
  const kill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => ((signalledAt = Date.now()), kill(signal));
  const exited = new Promise<{ code: number | null; afterMs: number }>((done) => child.once('exit', (code) => done({ code, afterMs: Date.now() - signalledAt })));
  return { child, output: () => output, exited };
}

async function waitFor(launcher: Launcher, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!launcher.output().includes(text)) {
    if (Date.now() > deadline || launcher.child.exitCode !== null) throw new Error(`no "${text}" in launcher output:\n${launcher.output()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

const postmasterPid = () => Number(readFileSync(resolve(dataDir, 'postgres/postmaster.pid'), 'utf8').split('\n')[0]);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const running: Launcher[] = [];
beforeAll(() => {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(appEntry, PLACEHOLDER);
});
afterAll(async () => {
  for (const { child } of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start launcher', () => {
  it('on SIGTERM lets the app drain, then stops PostgreSQL, and exits 0 within 10 s', async () => {
    const launcher = launch();
    running.push(launcher);
    await waitFor(launcher, 'placeholder ready');
    expect(launcher.output()).toMatch(/initialising/i);
    expect(launcher.output()).toContain(`data in ${resolve(dataDir, 'postgres')}`);
    const postgresPid = postmasterPid();

    launcher.child.kill('SIGTERM');
    const { code, afterMs } = await launcher.exited;
    expect(code).toBe(0);
    expect(afterMs).toBeLessThan(10_000);
    expect(launcher.output()).toContain('placeholder got SIGTERM #1');
    expect(launcher.output()).toContain('placeholder drained, database still up');
    expect(isAlive(postgresPid)).toBe(false);
    expect(existsSync(resolve(dataDir, 'postgres/postmaster.pid'))).toBe(false);
  }, 90_000);

  it('on a terminal Ctrl-C (SIGINT to the whole group) reuses the data, drains once, exits 0', async () => {
    const launcher = launch({}, { detached: true });
    running.push(launcher);
    await waitFor(launcher, 'placeholder ready');
    expect(launcher.output()).not.toMatch(/initialising/i);
    const postgresPid = postmasterPid();

    // What a terminal does on Ctrl-C: SIGINT to every process of the foreground group.
    process.kill(-(launcher.child.pid ?? 0), 'SIGINT');
    const { code } = await launcher.exited;
    expect(code).toBe(0);
    expect(launcher.output()).toContain('placeholder got SIGINT #1');
    expect(launcher.output()).not.toContain('#2');
    expect(launcher.output()).toContain('placeholder drained, database still up');
    expect(isAlive(postgresPid)).toBe(false);
  }, 90_000);

  it('exits with the app’s own non-zero code and still stops PostgreSQL', async () => {
    const launcher = launch({ PLACEHOLDER_EXIT: '3' });
    running.push(launcher);
    const { code } = await launcher.exited;
    expect(code).toBe(3);
    expect(existsSync(resolve(dataDir, 'postgres/postmaster.pid'))).toBe(false);
  }, 90_000);
});
