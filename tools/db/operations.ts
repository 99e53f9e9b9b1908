import { readFileSync } from 'node:fs';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { Client } from 'pg';
import { contextPaths, type ContextPaths } from './contexts.js';
import { openEngineConnection } from './engine-connection.js';
import { readMigrationList, writeMigration } from './migrations-folder.js';
import { MigrationFailedError, startSchemaEngine } from './schema-engine.js';

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** One context's migration target: its database, its schema name and its files. */
export interface MigrationTarget {
  context: string;
  url: string;
  /** Postgres schema; defaults to the context name. */
  schema?: string;
  /** Defaults to `prisma/<context>/` in this repository. */
  paths?: ContextPaths;
  /** A database the tool may wipe to replay migrations; a temporary one is created otherwise. */
  shadowUrl?: string;
  /** Receives the engine's own log lines (verbose; for debugging the tool). */
  log?: (message: string) => void;
}

/** Runs `run` on an engine session for `target`, turning engine errors into readable ones. */
async function withEngine<T>(target: MigrationTarget, run: (engine: SchemaEngine, paths: ContextPaths) => Promise<T>): Promise<T> {
  const paths = target.paths ?? contextPaths(target.context);
  const connection = await openEngineConnection(target.url, target.schema ?? target.context, { shadowUrl: target.shadowUrl });
  try {
    const { engine, explain } = await startSchemaEngine(connection.factory, [[paths.schemaFile, readFileSync(paths.schemaFile, 'utf8')]], target.log);
    try {
      return await run(engine, paths);
    } catch (error) {
      throw explain(error);
    } finally {
      engine.free();
    }
  } finally {
    await connection.close();
  }
}

/**
 * The wasm engine logs a failed migration as "External error id#N" (the SQL ran on our side of
 * the adapter); put the database's message first in `logs`, where the native engine has it, so
 * `prisma migrate status` and anyone reading the table can see why it failed.
 */
async function recordFailure(target: MigrationTarget, failure: MigrationFailedError): Promise<void> {
  const client = new Client({ connectionString: target.url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(
      `UPDATE "${target.schema ?? target.context}"._prisma_migrations SET logs = $2 || coalesce(E'\n\n' || logs, '')
       WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
      [failure.migrationName, `Database error:\n${failure.detail}`],
    );
  } finally {
    await client.end();
  }
}

/** `prisma migrate deploy`: applies pending migrations, each atomically; returns their names. */
export async function applyMigrations(target: MigrationTarget): Promise<string[]> {
  try {
    return await withEngine(target, async (engine, paths) => {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: readMigrationList(paths.migrationsDir), filters: NO_FILTER });
      return appliedMigrationNames;
    });
  } catch (error) {
    // Best effort: the migration's failure is what the caller must see, not this one's.
    if (error instanceof MigrationFailedError) await recordFailure(target, error).catch(() => undefined);
    throw error;
  }
}

/** Where a context's database stands relative to its migrations folder. */
export interface MigrationStatus {
  context: string;
  /** Folder migrations recorded as finished in `_prisma_migrations`. */
  applied: string[];
  /** Folder migrations not yet applied (failed ones are listed under `failed` only). */
  pending: string[];
  /** Started but not finished: the database needs attention before anything else is applied. */
  failed: string[];
  /** Applied migrations whose file changed since (checksum mismatch). */
  edited: string[];
  /** Applied in the database but absent from the folder. */
  unknown: string[];
  upToDate: boolean;
}

/** `prisma migrate status`, as data. */
export function migrationStatus(target: MigrationTarget): Promise<MigrationStatus> {
  return withEngine(target, async (engine, paths) => {
    const migrationsList = readMigrationList(paths.migrationsDir);
    const folder = migrationsList.migrationDirectories.map((directory) => directory.path);
    const result = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER });
    const history = result.history;
    const failed = result.failedMigrationNames;
    const unapplied = !result.hasMigrationsTable
      ? folder
      : history?.diagnostic === 'databaseIsBehind' || history?.diagnostic === 'historiesDiverge'
        ? history.unappliedMigrationNames
        : [];
    const pending = unapplied.filter((name) => !failed.includes(name));
    const unknown = history?.diagnostic === 'migrationsDirectoryIsBehind' || history?.diagnostic === 'historiesDiverge' ? history.unpersistedMigrationNames : [];
    const applied = folder.filter((name) => !unapplied.includes(name) && !failed.includes(name));
    const problems = [pending, failed, result.editedMigrationNames, unknown];
    return { context: target.context, applied, pending, failed, edited: result.editedMigrationNames, unknown, upToDate: problems.every((list) => list.length === 0) };
  });
}

/** Result of creating a migration: its folder, or nothing when the schema did not change. */
export interface CreatedMigration {
  directory: string | null;
  warnings: string[];
}

/**
 * `prisma migrate dev --create-only`: brings the database up to date, then writes the SQL that
 * takes the migrations to the schema file. Data-loss warnings are returned, not hidden.
 */
export async function createMigration(target: MigrationTarget, name: string): Promise<CreatedMigration> {
  if (!/^[a-z0-9_]{1,100}$/i.test(name)) throw new Error(`Migration name "${name}" may only contain letters, digits and _`);
  // Two engine sessions. The wasm engine only has a shadow database after devDiagnostic has set
  // one up, and applying a migration discards it ("shadow DB must be provided through an external
  // factory"); so the second session diagnoses again on the now up-to-date database.
  await withEngine(target, async (engine, paths) => {
    const migrationsList = readMigrationList(paths.migrationsDir);
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
    if (diagnostic.action.tag === 'reset') {
      throw new Error(`The ${target.context} database has drifted from its migrations and needs a reset: ${diagnostic.action.reason}`);
    }
    await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
  });
  return withEngine(target, async (engine, paths) => {
    const migrationsList = readMigrationList(paths.migrationsDir);
    await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
    const schema = { files: [{ path: paths.schemaFile, content: readFileSync(paths.schemaFile, 'utf8') }] };
    const loss = await engine.evaluateDataLoss({ migrationsList, schema, filters: NO_FILTER });
    const warnings = [...loss.warnings, ...loss.unexecutableSteps].map((feedback) => feedback.message);
    const created = await engine.createMigration({ draft: false, migrationName: name, migrationsList, schema, filters: NO_FILTER });
    if (!created.migrationScript) return { directory: null, warnings };
    return { directory: writeMigration(paths.migrationsDir, created.generatedMigrationName, created.migrationScript), warnings };
  });
}

/** Drift between the schema file and what its migrations produce; `null` when they agree. */
export function detectDrift(target: MigrationTarget): Promise<string | null> {
  return withEngine(target, async (engine, paths) => {
    const result = await engine.diff({
      from: { tag: 'migrations', ...readMigrationList(paths.migrationsDir) },
      to: { tag: 'schemaDatamodel', files: [{ path: paths.schemaFile, content: readFileSync(paths.schemaFile, 'utf8') }] },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
    });
    return result.exitCode === 0 ? null : (result.stdout ?? 'the schema and its migrations differ').trim();
  });
}
