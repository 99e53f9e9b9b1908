import { execFileSync } from 'node:child_process';

/** The OS user PostgreSQL runs as: itself when not root (postgres refuses to run as root). */
export interface RunAs {
  uid?: number;
  gid?: number;
}

const SERVICE_USER = 'postgres';

function lookup(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, SERVICE_USER], { encoding: 'utf8' }).trim());
}

/**
 * As root, runs PostgreSQL as the `postgres` user, creating it (system user, no login) if the
 * machine has none. Any other user runs it as themselves.
 */
export function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  try {
    return { uid: lookup('-u'), gid: lookup('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER]);
    return { uid: lookup('-u'), gid: lookup('-g') };
  }
}
