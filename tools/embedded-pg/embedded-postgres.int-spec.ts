import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { isAlive, postmasterPid, PREFERRED_PORT, startEmbeddedPostgres, stopPostgresIn, type EmbeddedPostgres } from './index.js';

// Real PostgreSQL, real processes: each test gets its own cluster directory under .data/ (the
// server runs as the `postgres` user when we are root, and .data/ is searchable by it). The
// cluster sits one directory deeper than exists, as on a first `npm start`: the parent the
// launcher creates must stay enterable for that user.
const specDir = resolve(__dirname, `../../.data/embedded-pg-spec-${randomBytes(4).toString('hex')}`);
const dataDir = resolve(specDir, 'postgres');
const started: EmbeddedPostgres[] = [];

async function start(options: { port?: number; log?: (message: string) => void } = {}): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir, ...options });
  started.push(server);
  return server;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const serverPid = () => postmasterPid(dataDir);
const groupOf = (pid: number) => Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim());

afterAll(async () => {
  for (const server of started) await server.stop();
  rmSync(specDir, { recursive: true, force: true });
}, 30_000);

describe('startEmbeddedPostgres', () => {
  it('initialises a cluster, serves the ficus database and stops', async () => {
    const messages: string[] = [];
    const server = await start({ log: (message) => messages.push(message) });
    expect(messages.join('\n')).toMatch(/initialising/i);
    expect(new URL(server.url).pathname).toBe('/ficus');
    expect(await query<{ one: number }>(server.url, 'select 1 as one')).toEqual([{ one: 1 }]);

    const pid = serverPid();
    await server.stop();
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(resolve(dataDir, 'postmaster.pid'))).toBe(false);
    await expect(query(server.url, 'select 1')).rejects.toThrow();
  }, 60_000);

  it('reuses the existing cluster and its data on the next start', async () => {
    const first = await start();
    await query(first.url, 'create table kept (id int); insert into kept values (42)');
    await first.stop();

    const messages: string[] = [];
    const second = await start({ log: (message) => messages.push(message) });
    expect(messages.join('\n')).not.toMatch(/initialising/i);
    expect(await query<{ id: number }>(second.url, 'select id from kept')).toEqual([{ id: 42 }]);
    await second.stop();
  }, 60_000);

  it('runs PostgreSQL in its own process group, so a terminal Ctrl-C does not reach it', async () => {
    const server = await start();
    const pid = serverPid();
    expect(groupOf(pid)).toBe(pid);
    expect(groupOf(pid)).not.toBe(groupOf(process.pid));
    await server.stop();
  }, 60_000);

  it('starts over a stale postmaster.pid left by a crash, even when its PID was reused', async () => {
    const server = await start();
    const lock = readFileSync(resolve(dataDir, 'postmaster.pid'), 'utf8');
    await server.stop();
    // After a crash the lock file stays; in containers its PID is often taken by another process.
    writeFileSync(resolve(dataDir, 'postmaster.pid'), lock.replace(/^\d+/, String(process.pid)));

    const restarted = await start();
    expect(await query<{ one: number }>(restarted.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await restarted.stop();
  }, 60_000);

  it('moves to a free port when the preferred one is taken, and says which in the URL', async () => {
    const blocker: Server = createServer();
    // Occupy the preferred port unless something (another run) already does.
    await new Promise<void>((done) => blocker.once('error', () => done()).listen(PREFERRED_PORT, '127.0.0.1', () => done()));
    try {
      const server = await start();
      const port = Number(new URL(server.url).port);
      expect(port).not.toBe(PREFERRED_PORT);
      expect(await query<{ port: string }>(server.url, 'show port')).toEqual([{ port: String(port) }]);
      await server.stop();
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  }, 60_000);

  it('reuses a server that already runs on the data directory and leaves it running on stop', async () => {
    const owner = await start();
    const guest = await start();
    expect(guest.url).toBe(owner.url);
    await guest.stop();
    expect(await query<{ one: number }>(owner.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await owner.stop();
  }, 60_000);

  it('stops a server it did not start (the last user of a shared server leaving)', async () => {
    await start();
    const pid = serverPid();
    await stopPostgresIn(dataDir);
    expect(isAlive(pid)).toBe(false);
    await expect(stopPostgresIn(dataDir)).resolves.toBeUndefined();
  }, 60_000);

  it('refuses a cluster of another PostgreSQL major version with a way out in the message', async () => {
    const versionFile = resolve(dataDir, 'PG_VERSION');
    const version = readFileSync(versionFile, 'utf8');
    writeFileSync(versionFile, '9\n');
    try {
      await expect(start()).rejects.toThrow(/holds a PostgreSQL 9 cluster.*Delete that directory/s);
    } finally {
      writeFileSync(versionFile, version);
    }
  }, 60_000);
});
