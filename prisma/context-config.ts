// Shared by prisma/<context>/prisma.config.ts, which exist for the real Prisma CLI (where its
// engine binary can be downloaded); Ficus' own tooling (npm run db:*) does not read them.
// They follow the same conventions as tools/db: <CONTEXT>_DATABASE_URL, else DATABASE_URL, and
// the Postgres schema named after the context.
import { defineConfig, type PrismaConfig } from 'prisma/config';

/** `url` with `?schema=` set: how the CLI (unlike adapter-pg) is told which schema to use. */
function withSchema(url: string | undefined, schema: string): string | undefined {
  if (!url) return undefined;
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

/**
 * The Prisma CLI configuration of one context. The URL is optional so that commands that need
 * no database (generate, validate, format) work without one; those that do report it missing.
 */
export function contextConfig(context: string, env: NodeJS.ProcessEnv = process.env): PrismaConfig {
  const url = env[`${context.toUpperCase()}_DATABASE_URL`] || env.DATABASE_URL;
  return defineConfig({
    // Relative to the prisma.config.ts that calls this, i.e. prisma/<context>/.
    schema: './schema.prisma',
    migrations: { path: './migrations' },
    datasource: { url: withSchema(url, context), shadowDatabaseUrl: withSchema(env.SHADOW_DATABASE_URL || undefined, context) },
  });
}
