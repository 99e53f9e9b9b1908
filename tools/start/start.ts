/**
 * `npm start`: the whole product in one process on a real PostgreSQL. With DATABASE_URL it uses
 * that database; without, it runs an embedded PostgreSQL with data in .data/postgres. Then it
 * applies migrations, builds and starts the gateway with every context in-process, and on
 * Ctrl-C/SIGTERM stops the app first (it drains) and the database after it.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { applyAllMigrations, contextDatabaseUrls } from '../db/index.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded-pg/index.js';
import { exitOf, startChildApp } from './child-app.js';

const ROOT = resolve(import.meta.dirname, '../..');
const say = (message: string) => console.log(`[ficus] ${message}`);

function build(): void {
  say('Building the gateway…');
  const result = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'gateway'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function database(): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  if (process.env.DATABASE_URL) {
    say('Using the database at DATABASE_URL');
    return { url: process.env.DATABASE_URL };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: resolve(ROOT, '.data/postgres'), log: say });
  say(`Embedded PostgreSQL ready at ${embedded.url} (data in .data/postgres)`);
  return { url: embedded.url, embedded };
}

async function main(): Promise<number> {
  if (process.env.FICUS_SKIP_BUILD !== '1') build();
  const { url, embedded } = await database();
  try {
    const env = { ...process.env, DATABASE_URL: url };
    await applyAllMigrations(contextDatabaseUrls(env), (message) => say(`migrations: ${message}`));
    const app = startChildApp(resolve(ROOT, 'dist/apps/gateway/src/main.js'), env);
    const forward = (signal: NodeJS.Signals) => app.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const code = await exitOf(app);
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    return code;
  } finally {
    if (embedded) {
      await embedded.stop();
      say('Embedded PostgreSQL stopped');
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[ficus] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
