import { DatabaseError } from 'pg';
import { DatabaseBusyError, markDatabaseUnavailable } from './database-failure.js';
import { databaseProblem } from './database-problem.js';

// The shapes below are the ones the fault suite met (test/faults): pg's own errors, Prisma's
// known request errors with the adapter's error inside, and the adapter's error on its own.

function pgError(code: string, message = 'terminating connection due to administrator command'): DatabaseError {
  return Object.assign(new DatabaseError(message, 116, 'error'), { code, severity: 'FATAL' });
}

function prismaError(code: string, cause?: object): Error {
  return Object.assign(new Error(`Invalid \`prisma.todo.create()\` invocation: ${code}`), {
    name: 'PrismaClientKnownRequestError',
    code,
    ...(cause ? { meta: { driverAdapterError: Object.assign(new Error('DriverAdapterError'), { name: 'DriverAdapterError', cause }) } } : {}),
  });
}

const adapterError = (cause: object): Error => Object.assign(new Error('terminating connection'), { name: 'DriverAdapterError', cause });
const postgres = (code: string) => ({ kind: 'postgres', code, originalCode: code, severity: 'FATAL', message: 'terminating connection due to administrator command' });

describe('databaseProblem', () => {
  it.each<[string, unknown]>([
    ['a cut connection (57P01) on a raw query', pgError('57P01')],
    ['the server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', pgError('08006')],
    ['Prisma P2010 with 57P01 inside', prismaError('P2010', postgres('57P01'))],
    ['Prisma P2039 with 57P01 inside', prismaError('P2039', postgres('57P01'))],
    ['Prisma P1001 (unreachable)', prismaError('P1001')],
    ['Prisma P1017 (closed by the server)', prismaError('P1017')],
    ['the adapter’s DatabaseNotReachable', adapterError({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 })],
    ['the adapter’s error with 57P01', adapterError(postgres('57P01'))],
    ['pg: connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['pg: a client that is not queryable', new Error('Client has encountered a connection error and is not queryable')],
    ['a refused connection the pool marked', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ])('maps %s to 503 platform.database_unavailable with Retry-After', (_label, error) => {
    if (error instanceof Error && (error as { code?: string }).code === 'ECONNREFUSED') markDatabaseUnavailable(error);
    expect(databaseProblem(error)).toEqual({
      problem: {
        type: 'https://ficus.dev/problems/database-unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: 'The database is unavailable; retry after the time in the Retry-After header.',
        code: 'platform.database_unavailable',
      },
      retryAfterSeconds: 2,
    });
  });

  it.each<[string, unknown]>([
    ['a lock wait past lock_timeout (55P03)', pgError('55P03', 'canceling statement due to lock timeout')],
    ['a statement past statement_timeout (57014)', pgError('57014', 'canceling statement due to statement timeout')],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
    ['Prisma P2028 (no transaction in time)', prismaError('P2028')],
    ['Prisma P2024 (no connection in time)', prismaError('P2024')],
    ['Prisma P2010 with 55P03 inside', prismaError('P2010', postgres('55P03'))],
    ['pg-pool: no connection in time', new Error('timeout exceeded when trying to connect')],
    ['a request that gave up its turn', new DatabaseBusyError('Gave up waiting')],
  ])('maps %s to 503 platform.database_busy with Retry-After', (_label, error) => {
    expect(databaseProblem(error)).toMatchObject({ problem: { status: 503, code: 'platform.database_busy', type: 'https://ficus.dev/problems/database-busy' }, retryAfterSeconds: 1 });
  });

  it.each<[string, unknown]>([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['Prisma P2002', prismaError('P2002')],
    ['a refused connection nobody marked (Redis, an HTTP upstream)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })],
    ['fetch failing on a refused connection', new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a thrown string', 'Connection terminated unexpectedly'],
  ])('leaves %s alone', (_label, error) => {
    expect(databaseProblem(error)).toBeUndefined();
  });

  it('finds the failure a few causes deep, and names no host or query', () => {
    const wrapped = new Error('while creating a todo', { cause: new Error('outer', { cause: pgError('57P01') }) });
    const problem = databaseProblem(wrapped);
    expect(problem?.problem.code).toBe('platform.database_unavailable');
    expect(JSON.stringify(problem)).not.toMatch(/127\.0\.0\.1|5432|prisma|todo|terminat/i);
  });
});
