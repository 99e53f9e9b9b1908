import { readFileSync } from 'node:fs';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { contextPaths, type ContextPaths } from './contexts.js';
import { openEngineConnection } from './engine-connection.js';
import { readMigrationList, writeMigration } from './migrations-folder.js';
import { startSchemaEngine } from './schema-engine.js';

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
  log?: (message: string) => void;
}

async function withEngine<T>(target: MigrationTarget, run: (engine: SchemaEngine, paths: ContextPaths) => Promise<T>): Promise<T> {
  const paths = target.paths ?? contextPaths(target.context);
  const connection = await openEngineConnection(target.url, target.schema ?? target.context, target.shadowUrl);
  try {
    const { engine, explain } = await startSchemaEngine(connection.factory, [[paths.schemaFile, readFileSync(paths.schemaFile, 'utf8')]]);
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

/** `prisma migrate deploy`: applies pending migrations, each atomically; returns their names. */
export function applyMigrations(target: MigrationTarget): Promise<string[]> {
  return withEngine(target, async (engine, paths) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: readMigrationList(paths.migrationsDir), filters: NO_FILTER });
    return appliedMigrationNames;
  });
}

/** Where a context's database stands relative to its migrations folder. */
export interface MigrationStatus {
  context: string;
  pending: string[];
  failed: string[];
  /** Applied migrations whose file changed since (checksum mismatch). */
  edited: string[];
  /** Applied in the database but absent from the folder. */
  unknown: string[];
  upToDate: boolean;
}

/** `prisma migrate status`. */
export function migrationStatus(target: MigrationTarget): Promise<MigrationStatus> {
  return withEngine(target, async (engine, paths) => {
    const migrationsList = readMigrationList(paths.migrationsDir);
    const result = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER });
    const history = result.history;
    const pending = !result.hasMigrationsTable
      ? migrationsList.migrationDirectories.map((directory) => directory.path)
      : history?.diagnostic === 'databaseIsBehind' || history?.diagnostic === 'historiesDiverge'
        ? history.unappliedMigrationNames
        : [];
    const unknown = history?.diagnostic === 'migrationsDirectoryIsBehind' || history?.diagnostic === 'historiesDiverge' ? history.unpersistedMigrationNames : [];
    const status = { context: target.context, pending, failed: result.failedMigrationNames, edited: result.editedMigrationNames, unknown };
    return { ...status, upToDate: [pending, status.failed, status.edited, unknown].every((list) => list.length === 0) };
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
