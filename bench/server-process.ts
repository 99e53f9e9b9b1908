import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { anyFreePort } from '../tools/embedded-pg/index.js';
import { PINNING } from './pinning.js';

/** Server logs, the routes file and the compiled baseline of the last run, kept for inspection (git-ignored). */
export const WORK_DIR = resolve(import.meta.dirname, '../.data/bench');

/** A server under test, running as its own process. */
export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** Where its stdout/stderr go; shown when something fails. */
  logFile: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServerSpec {
  name: string;
  args: string[];
  /** The child gets HOST=127.0.0.1 and PORT=<a free port> on top of these. */
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
  /** How long to wait for the port to accept connections. */
  startTimeoutMs?: number;
}

const HOST = '127.0.0.1';

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, HOST);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/**
 * Starts `node <args>` listening on a free loopback port and waits until the port accepts
 * connections (not for a log line: quiet log levels print none). Output goes straight to a file — the harness never reads the
 * pipe, so per-request logging costs the server, not the load generator's CPU. Detached (own
 * process group) so a Ctrl-C reaches only the harness, which then stops servers in order.
 */
export async function startServerProcess(spec: ServerSpec): Promise<ServerProcess> {
  const port = await anyFreePort();
  const fd = openSync(spec.logFile, 'w');
  const env = { ...spec.env, HOST, PORT: String(port) };
  // taskset execs node, so the child's pid is the server's.
  const command = [...PINNING.server, process.execPath, ...spec.args];
  const child = spawn(command[0], command.slice(1), { cwd: spec.cwd, env, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.kill('SIGTERM');
    await exited(child);
    clearTimeout(force);
  };
  const deadline = Date.now() + (spec.startTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = readFileSync(spec.logFile, 'utf8');
      throw new Error(`${spec.name} exited (${child.exitCode ?? child.signalCode}) before listening; log:\n${log.slice(-4000)}`);
    }
    if (child.pid && (await accepts(port))) {
      const pid = child.pid;
      return { name: spec.name, url: `http://${HOST}:${port}`, pid, logFile: spec.logFile, stop };
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  await stop(2000);
  throw new Error(`${spec.name} did not accept connections on port ${port} in time; see ${spec.logFile}`);
}
