import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bounded contexts that own data; each has `prisma/<context>/` and a Postgres schema of that name. */
export const CONTEXTS = ['auth', 'todos', 'ai'] as const;
export type ContextName = (typeof CONTEXTS)[number];

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

export function isContextName(value: string): value is ContextName {
  return (CONTEXTS as readonly string[]).includes(value);
}

/**
 * Each context's database URL: `<CONTEXT>_DATABASE_URL`, else `DATABASE_URL`.
 * Throws one message naming every context that has neither.
 */
export function contextDatabaseUrls(env: NodeJS.ProcessEnv = process.env): Record<ContextName, string> {
  const missing: string[] = [];
  const urls = Object.fromEntries(
    CONTEXTS.map((context) => {
      const url = env[`${context.toUpperCase()}_DATABASE_URL`] || env.DATABASE_URL;
      if (!url) missing.push(`${context.toUpperCase()}_DATABASE_URL`);
      return [context, url ?? ''];
    }),
  ) as Record<ContextName, string>;
  if (missing.length > 0) throw new Error(`No database configured: set DATABASE_URL (or ${missing.join(', ')})`);
  return urls;
}
