import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The files themselves, not the lib's index: that one pulls in Nest, which tools/db does not need.
import { AppConfig } from '../../libs/common/src/config/app-config.js';
import { loadConfig } from '../../libs/common/src/config/load-config.js';
import { declareContextDatabases } from '../../libs/common/src/config/platform.settings.js';

/**
 * The contexts that own data, each with `prisma/<context>/` and a Postgres schema of that name,
 * in the order of apps/contexts.ts (a test keeps the two equal). Listed here because tools/db
 * runs without the apps (the migration image bundles it without Nest, which the descriptors'
 * contracts import).
 */
export const CONTEXTS = ['auth', 'todos', 'ai'] as const;
export type ContextName = (typeof CONTEXTS)[number];

// Their <CONTEXT>_DATABASE_URL settings, as the apps declare them for their registered contexts.
declareContextDatabases(CONTEXTS);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where a context's schema file and migrations live. */
export interface ContextPaths {
  schemaFile: string;
  migrationsDir: string;
}

/** Paths of a context under `root` (the repository root unless a test points elsewhere). */
export function contextPaths(context: string, root = ROOT): ContextPaths {
  return {
    schemaFile: resolve(root, 'prisma', context, 'schema.prisma'),
    migrationsDir: resolve(root, 'prisma', context, 'migrations'),
  };
}

/** Narrows a command-line argument to a context name. */
export function isContextName(value: string): value is ContextName {
  return (CONTEXTS as readonly string[]).includes(value);
}

/**
 * Each context's database URL: `<CONTEXT>_DATABASE_URL`, else `DATABASE_URL`.
 * Throws one message naming every context that has neither.
 */
export function contextDatabaseUrls(env: NodeJS.ProcessEnv = process.env): Record<ContextName, string> {
  const config = loadConfig(AppConfig, env);
  const urls: Partial<Record<ContextName, string>> = {};
  const missing: string[] = [];
  for (const context of CONTEXTS) {
    const url = config.databaseUrlFor(context);
    if (url) urls[context] = url;
    else missing.push(`${context.toUpperCase()}_DATABASE_URL`);
  }
  if (missing.length > 0) throw new Error(`No database configured: set DATABASE_URL (or ${missing.join(', ')})`);
  return urls as Record<ContextName, string>;
}
