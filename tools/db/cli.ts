/**
 * `npm run db:<command>`: the project's migration tool on Prisma's wasm schema engine.
 *   migrate [context...]        apply pending migrations (prisma migrate deploy)
 *   migration <context> <name>  create a migration from a schema change (migrate dev --create-only)
 *   status [context...]         applied / pending / failed (non-zero exit unless up to date)
 *   drift [context...]          fail when a schema file and its migrations disagree
 * Database URLs: <CONTEXT>_DATABASE_URL, else DATABASE_URL; SHADOW_DATABASE_URL is optional.
 */
import { CONTEXTS, contextDatabaseUrls, isContextName, type ContextName } from './contexts.js';
import { applyMigrations, createMigration, detectDrift, migrationStatus, type MigrationTarget } from './operations.js';
import { lastEnginePanic } from './schema-engine.js';

process.on('uncaughtException', (error) => {
  const panic = lastEnginePanic();
  console.error(panic ? `The Prisma schema engine panicked: ${panic}` : error);
  process.exit(1);
});

const USAGE = 'usage: db <migrate|status|drift> [context...] | db migration <context> <name>';

function contextsFrom(args: string[]): ContextName[] {
  const unknown = args.filter((arg) => !isContextName(arg));
  if (unknown.length > 0) throw new Error(`Unknown context ${unknown.join(', ')}; contexts are ${CONTEXTS.join(', ')}`);
  return args.length > 0 ? (args as ContextName[]) : [...CONTEXTS];
}

function targetFor(context: ContextName): MigrationTarget {
  return { context, url: contextDatabaseUrls()[context], shadowUrl: process.env.SHADOW_DATABASE_URL || undefined };
}

async function run(command: string | undefined, args: string[]): Promise<number> {
  switch (command) {
    case 'migrate':
      for (const context of contextsFrom(args)) {
        const applied = await applyMigrations(targetFor(context));
        console.log(applied.length > 0 ? `${context}: applied ${applied.join(', ')}` : `${context}: no pending migrations`);
      }
      return 0;
    case 'migration': {
      const [context, name] = args;
      if (!context || !name || args.length > 2) throw new Error(USAGE);
      const [valid] = contextsFrom([context]);
      const created = await createMigration(targetFor(valid), name);
      for (const warning of created.warnings) console.warn(`${context}: warning: ${warning}`);
      console.log(created.directory ? `${context}: created ${created.directory}` : `${context}: no changes; no migration created`);
      return 0;
    }
    case 'status': {
      let code = 0;
      for (const context of contextsFrom(args)) {
        const status = await migrationStatus(targetFor(context));
        const problems = Object.entries({ pending: status.pending, failed: status.failed, edited: status.edited, 'not in folder': status.unknown })
          .filter(([, names]) => names.length > 0)
          .map(([label, names]) => `${label}: ${names.join(', ')}`);
        console.log(`${context}: ${problems.length === 0 ? 'up to date' : problems.join('; ')}`);
        if (!status.upToDate) code = 1;
      }
      return code;
    }
    case 'drift': {
      let code = 0;
      for (const context of contextsFrom(args)) {
        const drift = await detectDrift(targetFor(context));
        if (drift) {
          console.error(`${context}: prisma/${context}/schema.prisma and its migrations disagree. SQL that would reconcile them:\n${drift}`);
          console.error(`Create the missing migration with: npm run db:migration -- ${context} <name>`);
          code = 1;
        } else console.log(`${context}: schema and migrations agree`);
      }
      return code;
    }
    default:
      throw new Error(USAGE);
  }
}

try {
  process.exitCode = await run(process.argv[2], process.argv.slice(3));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
