import { PrismaPg } from '@prisma/adapter-pg';

export interface ContextDatabaseOptions {
  url: string;
  /** The context's Postgres schema (`auth`, `todos`, …). */
  schema: string;
  poolSize: number;
}

/**
 * The driver adapter a context's generated PrismaClient runs on: a pg pool of `poolSize`
 * connections whose search_path is the context's schema (adapter-pg ignores `?schema=`).
 */
export function createPrismaAdapter({ url, schema, poolSize }: ContextDatabaseOptions): PrismaPg {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  return new PrismaPg(
    { connectionString: url, max: poolSize, options: `-c search_path="${schema}"`, connectionTimeoutMillis: 5000 },
    { schema },
  );
}
