import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Whether a process still runs (EPERM: it does, but belongs to another user). A zombie — exited,
 * not yet reaped by its parent, which may be this very process with a busy event loop — does not.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !hasExited(pid);
}

/** Linux: the process state in /proc says it has exited (Z zombie, X dead); elsewhere unknown (false). */
function hasExited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

/** Path of the lock file PostgreSQL keeps in its data directory while it runs. */
export function postmasterPidFile(dataDir: string): string {
  return resolve(dataDir, 'postmaster.pid');
}

/** The PID in a data directory's `postmaster.pid`; throws when there is no such file. */
export function postmasterPid(dataDir: string): number {
  const lock = readPostmaster(dataDir);
  if (!lock) throw new Error(`${postmasterPidFile(dataDir)} does not exist`);
  return lock.pid;
}

/**
 * The PID (line 1) and port (line 4) recorded in a data directory's `postmaster.pid`, or `null`
 * when there is none. The file may be stale; check the PID before trusting it.
 */
export function readPostmaster(dataDir: string): { pid: number; port: number } | null {
  const file = postmasterPidFile(dataDir);
  if (!existsSync(file)) return null;
  const [pid, , , port] = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(pid), port: Number(port) };
}
