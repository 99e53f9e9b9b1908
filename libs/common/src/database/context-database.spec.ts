import { contextDatabaseOptions, contextDatabaseUrl, databasePoolSize } from './context-database.js';
import { contextPoolConfig } from './prisma-adapter.js';

describe('context database settings', () => {
  it('prefers <CONTEXT>_DATABASE_URL, falls back to DATABASE_URL, treats empty as unset', () => {
    expect(contextDatabaseUrl('todos', { TODOS_DATABASE_URL: 'postgresql://t', DATABASE_URL: 'postgresql://d' })).toBe('postgresql://t');
    expect(contextDatabaseUrl('todos', { TODOS_DATABASE_URL: '', DATABASE_URL: 'postgresql://d' })).toBe('postgresql://d');
    expect(contextDatabaseUrl('todos', {})).toBeUndefined();
  });

  it('reads DATABASE_POOL_SIZE (default 10) and rejects nonsense', () => {
    expect(databasePoolSize({})).toBe(10);
    expect(databasePoolSize({ DATABASE_POOL_SIZE: ' 3 ' })).toBe(3);
    for (const bad of ['0', '-1', '2.5', 'ten', '1001']) expect(() => databasePoolSize({ DATABASE_POOL_SIZE: bad })).toThrow(/Invalid configuration:\n  - DATABASE_POOL_SIZE: /);
  });

  it('reads the DATABASE_*_TIMEOUT_MS limits (2000 / 2000 / 1000 ms) and rejects nonsense', () => {
    expect(contextDatabaseOptions('todos', { DATABASE_URL: 'postgresql://d' }).timeouts).toEqual({ poolMs: 2000, statementMs: 2000, lockMs: 1000 });
    const env = { DATABASE_URL: 'postgresql://d', DATABASE_POOL_TIMEOUT_MS: '50', DATABASE_STATEMENT_TIMEOUT_MS: 'soon', DATABASE_LOCK_TIMEOUT_MS: '-1' };
    expect(() => contextDatabaseOptions('todos', env)).toThrow(
      /DATABASE_LOCK_TIMEOUT_MS: .*\n {2}- DATABASE_POOL_TIMEOUT_MS: .*\n {2}- DATABASE_STATEMENT_TIMEOUT_MS: /,
    );
  });

  it('gives a context its own schema, named after it', () => {
    expect(contextDatabaseOptions('ai', { DATABASE_URL: 'postgresql://d', DATABASE_POOL_SIZE: '4' })).toEqual({
      url: 'postgresql://d',
      schema: 'ai',
      poolSize: 4,
      timeouts: { poolMs: 2000, statementMs: 2000, lockMs: 1000 },
    });
    expect(() => contextDatabaseOptions('ai', {})).toThrow('No database configured for ai: set DATABASE_URL or AI_DATABASE_URL');
  });

  it('sets search_path and the time limits at connection start-up and refuses schema names that would need quoting', () => {
    expect(contextPoolConfig({ url: 'postgresql://d', schema: 'auth', poolSize: 2 })).toMatchObject({ max: 2, options: '-c search_path="auth"' });
    expect(contextPoolConfig({ url: 'postgresql://d', schema: 'auth', poolSize: 2, timeouts: { poolMs: 300, statementMs: 400, lockMs: 50 } })).toMatchObject({
      connectionTimeoutMillis: 300,
      statement_timeout: 400,
      lock_timeout: 50,
    });
    expect(() => contextPoolConfig({ url: 'postgresql://d', schema: 'auth" -c x="' })).toThrow(/Invalid schema name/);
  });
});
