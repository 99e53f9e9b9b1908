import { DatabaseError } from 'pg';

/**
 * What a failed database call means for the request: the database cannot be reached or lost
 * the connection (`unavailable`), or it is there but the request ran out of time waiting for a
 * connection, a lock or a statement (`busy`). Either way retrying later helps.
 */
export type DatabaseFailure = 'unavailable' | 'busy';

/** Thrown when a request gave up waiting for its turn at the database. */
export class DatabaseBusyError extends Error {
  override readonly name = 'DatabaseBusyError';
}

/** Marks an error the pool saw as a lost or refused connection (see ContextPool). */
const FAILURE_MARK = Symbol.for('ficus.databaseFailure');

/** Marks `error` as a failure of the database connection, whoever sees it later. */
export function markDatabaseUnavailable(error: unknown): void {
  if (typeof error === 'object' && error !== null && !Object.isFrozen(error)) Object.defineProperty(error, FAILURE_MARK, { value: 'unavailable' });
}

/**
 * SQLSTATEs by class or code: connection exceptions (08), the server shutting down, starting up
 * or ending the session (57P0x, 25P03), insufficient resources (53: too many connections, …),
 * and this app's own time limits: lock_timeout (55P03) and statement_timeout (57014).
 */
function sqlStateFailure(code: unknown): DatabaseFailure | undefined {
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('08') || /^57P0[1-5]$/.test(code) || code === '25P03') return 'unavailable';
  if (code.startsWith('53') || code === '55P03' || code === '57014') return 'busy';
  return undefined;
}

/** Prisma's codes for the same conditions, on every context's generated client. */
const PRISMA_FAILURES: Record<string, DatabaseFailure> = {
  P1001: 'unavailable', // cannot reach the database server
  P1002: 'unavailable', // the server was reached but timed out
  P1017: 'unavailable', // the server closed the connection
  P2024: 'busy', // timed out fetching a connection from the pool
  P2028: 'busy', // a transaction could not start in time, or outlived its timeout
};

/** The pg driver adapter's error kinds for them. */
const ADAPTER_FAILURES: Record<string, DatabaseFailure> = {
  DatabaseNotReachable: 'unavailable',
  ConnectionClosed: 'unavailable',
  SocketTimeout: 'unavailable',
  TooManyConnections: 'busy',
};

/** pg and pg-pool's own errors carry no code, only these messages. */
const PG_MESSAGES: [RegExp, DatabaseFailure][] = [
  [/^Connection terminated/, 'unavailable'],
  [/^Client has encountered a connection error and is not queryable$/, 'unavailable'],
  [/^timeout exceeded when trying to connect$/, 'busy'],
];

/** What an error may carry; not `instanceof Error`: Node's socket errors come from another realm under Jest. */
interface Inspectable {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errorCode?: unknown;
  meta?: { driverAdapterError?: unknown };
  cause?: unknown;
  [FAILURE_MARK]?: DatabaseFailure;
}

function adapterFailure(cause: unknown): DatabaseFailure | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const { kind, code, originalCode } = cause as { kind?: unknown; code?: unknown; originalCode?: unknown };
  return ADAPTER_FAILURES[String(kind)] ?? sqlStateFailure(originalCode ?? code);
}

function ownFailure(error: Inspectable): DatabaseFailure | undefined {
  if (error[FAILURE_MARK]) return error[FAILURE_MARK];
  if (error instanceof DatabaseBusyError) return 'busy';
  if (error instanceof DatabaseError) return sqlStateFailure(error.code);
  const name = String(error.name);
  if (name === 'DriverAdapterError') return adapterFailure(error.cause);
  if (name.startsWith('PrismaClient')) {
    const code = String(error.code ?? error.errorCode);
    return PRISMA_FAILURES[code] ?? (error.meta?.driverAdapterError === undefined ? undefined : databaseFailureOf(error.meta.driverAdapterError));
  }
  if (error.code === undefined) return PG_MESSAGES.find(([message]) => message.test(String(error.message)))?.[1];
  return undefined;
}

/**
 * Whether `error` (from pg, the pg pool, Prisma or its pg adapter, of any context) is a
 * database outage or a database time limit; `undefined` for anything else — a constraint, a
 * bug — which keeps its own mapping. Follows `cause` chains a few levels deep.
 */
export function databaseFailureOf(error: unknown, depth = 0): DatabaseFailure | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  return ownFailure(error as Inspectable) ?? databaseFailureOf((error as Inspectable).cause, depth + 1);
}
