/**
 * `npm run db:<command>`: the project's migration tool on Prisma's wasm schema engine.
 *   migrate [context...]        apply pending migrations (prisma migrate deploy)
 *   migration <context> <name>  create a migration from a schema change (migrate dev --create-only)
 *   status [context...]         applied / pending / failed / drift (exit 1 unless up to date)
 *   drift [context...]          exit 1 when a schema file and its migrations disagree
 * Database URLs: <CONTEXT>_DATABASE_URL, else DATABASE_URL; SHADOW_DATABASE_URL is optional.
 */
import { loadEnvFile } from '../../libs/common/src/config/env-file.js';
import { runDbCommand } from './commands.js';
import { lastEnginePanic } from './schema-engine.js';

// An engine panic surfaces as an uncaught `RuntimeError: unreachable` from a callback, outside
// any promise we await; print the engine's own message instead of a wasm stack.
process.on('uncaughtException', (error) => {
  const panic = lastEnginePanic();
  console.error(panic ? `The Prisma schema engine panicked: ${panic}` : error);
  process.exit(1);
});

loadEnvFile();
process.exitCode = await runDbCommand(process.argv.slice(2));
