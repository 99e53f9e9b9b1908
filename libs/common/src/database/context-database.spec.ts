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

  it('gives a context its own schema, named after it', () => {
    expect(contextDatabaseOptions('ai', { DATABASE_URL: 'postgresql://d', DATABASE_POOL_SIZE: '4' })).toEqual({ url: 'postgresql://d', schema: 'ai', poolSize: 4 });
    expect(() => contextDatabaseOptions('ai', {})).toThrow('No database configured for ai: set DATABASE_URL or AI_DATABASE_URL');
  });

  it('sets search_path at connection start-up and refuses schema names that would need quoting', () => {
    expect(contextPoolConfig({ url: 'postgresql://d', schema: 'auth', poolSize: 2 })).toMatchObject({ max: 2, options: '-c search_path="auth"' });
    expect(() => contextPoolConfig({ url: 'postgresql://d', schema: 'auth" -c x="' })).toThrow(/Invalid schema name/);
  });
});
