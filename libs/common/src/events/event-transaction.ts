/** A pg client (or pool) as the outbox and inbox use it: `query(text, values)`. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}

/** A Prisma interactive transaction client (`prisma.$transaction(async (tx) => …)`) as the outbox and inbox use it. */
export interface PrismaRawTransaction {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

/**
 * The caller's open transaction, in whichever client the context uses: a pg client between
 * `BEGIN` and `COMMIT` (raw SQL), or Prisma's interactive transaction client. Events and inbox
 * rows written through it commit or roll back with the change they belong to.
 */
export type EventTransaction = PgQueryable | PrismaRawTransaction;

function isPrisma(tx: EventTransaction): tx is PrismaRawTransaction {
  return typeof (tx as Partial<PrismaRawTransaction>).$executeRawUnsafe === 'function';
}

/**
 * Runs one statement with `$1…` parameters in `tx`; resolves the rows it affected. Values are
 * bound, never interpolated; give each a cast (`$1::uuid`), since Prisma binds untyped values.
 */
export async function executeIn(tx: EventTransaction, sql: string, values: unknown[]): Promise<number> {
  if (isPrisma(tx)) return tx.$executeRawUnsafe(sql, ...values);
  return (await tx.query(sql, values)).rowCount ?? 0;
}
