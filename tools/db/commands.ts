import { contextDatabaseOptions } from '../../libs/common/src/database/context-database.js';
import { CONTEXTS, contextPaths, isContextName, type ContextName } from './contexts.js';
import { applyMigrations, createMigration, detectDrift, migrationStatus, type MigrationStatus, type MigrationTarget } from './operations.js';

/** Where a command reads its configuration and writes its report; tests substitute these. */
export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  /** Repository root holding `prisma/<context>/`; defaults to this repository. */
  root?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export const USAGE = 'usage: db <migrate|status|drift> [context...] | db migration <context> <name>';

function contextsFrom(args: string[]): ContextName[] {
  const unknown = args.filter((arg) => !isContextName(arg));
  if (unknown.length > 0) throw new Error(`Unknown context ${unknown.join(', ')}; contexts are ${CONTEXTS.join(', ')}`);
  return args.length > 0 ? (args as ContextName[]) : [...CONTEXTS];
}

/** One line per context: what is applied, and everything that needs attention. */
function describeStatus(status: MigrationStatus, drift: string): string {
  const parts = [`${status.applied.length} applied`];
  const lists: [string, string[]][] = [['pending', status.pending], ['FAILED', status.failed], ['edited since applied', status.edited], ['applied but not in the folder', status.unknown]];
  for (const [label, names] of lists) if (names.length > 0) parts.push(`${label}: ${names.join(', ')}`);
  parts.push(drift);
  return `${status.context}: ${status.upToDate ? 'up to date, ' : ''}${parts.join('; ')}`;
}

/**
 * Runs one `npm run db:<command>` and returns its exit code. Failures are reported on `err`
 * and give exit code 1; only an engine panic escapes (see cli.ts).
 */
export async function runDbCommand(argv: string[], options: CommandOptions = {}): Promise<number> {
  const { env = process.env, root, out = console.log, err = console.error } = options;
  const [command, ...args] = argv;
  const targetFor = (context: ContextName): MigrationTarget => {
    const { url } = contextDatabaseOptions(context, env);
    return { context, url, shadowUrl: env.SHADOW_DATABASE_URL || undefined, paths: root ? contextPaths(context, root) : undefined };
  };
  try {
    switch (command) {
      case 'migrate':
        for (const context of contextsFrom(args)) {
          const applied = await applyMigrations(targetFor(context));
          out(applied.length > 0 ? `${context}: applied ${applied.join(', ')}` : `${context}: no pending migrations`);
        }
        return 0;
      case 'migration': {
        const [context, name] = args;
        if (!context || !name || args.length > 2) throw new Error(USAGE);
        const [valid] = contextsFrom([context]);
        const created = await createMigration(targetFor(valid), name);
        for (const warning of created.warnings) err(`${valid}: warning: ${warning}`);
        out(created.directory ? `${valid}: created ${created.directory}` : `${valid}: no changes; no migration created`);
        return 0;
      }
      case 'status': {
        // Drift is reported but does not fail status (db:drift is the gate for that); pending,
        // failed, edited or unknown migrations do, as with `prisma migrate status`.
        let code = 0;
        for (const context of contextsFrom(args)) {
          const target = targetFor(context);
          const status = await migrationStatus(target);
          const drift = await detectDrift(target).then(
            (sql) => (sql ? `DRIFT: schema.prisma differs from its migrations (npm run db:drift -- ${context})` : 'no drift'),
            (error: unknown) => `drift not checked: ${error instanceof Error ? error.message : String(error)}`,
          );
          out(describeStatus(status, drift));
          if (!status.upToDate) code = 1;
        }
        return code;
      }
      case 'drift': {
        let code = 0;
        for (const context of contextsFrom(args)) {
          const drift = await detectDrift(targetFor(context));
          if (drift) {
            err(`${context}: prisma/${context}/schema.prisma and its migrations disagree. SQL that would reconcile them:\n${drift}`);
            err(`Create the missing migration with: npm run db:migration -- ${context} <name>`);
            code = 1;
          } else out(`${context}: schema and migrations agree`);
        }
        return code;
      }
      default:
        throw new Error(USAGE);
    }
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
