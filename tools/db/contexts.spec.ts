import { FICUS_APPS } from '../../apps/contexts.js';
import { CONTEXTS, contextDatabaseUrls, contextPaths } from './contexts.js';

describe('contexts', () => {
  it('are auth, todos and ai, each with its own folder under prisma/: the registered contexts, in order', () => {
    expect(CONTEXTS).toEqual(['auth', 'todos', 'ai']);
    expect(CONTEXTS).toEqual(FICUS_APPS.contexts.map((context) => context.name));
    expect(contextPaths('todos', '/repo')).toEqual({ schemaFile: '/repo/prisma/todos/schema.prisma', migrationsDir: '/repo/prisma/todos/migrations' });
  });

  it('take <CONTEXT>_DATABASE_URL, else DATABASE_URL', () => {
    expect(contextDatabaseUrls({ DATABASE_URL: 'postgresql://shared', AI_DATABASE_URL: 'postgresql://ai' })).toEqual({
      auth: 'postgresql://shared',
      todos: 'postgresql://shared',
      ai: 'postgresql://ai',
    });
  });

  it('name every context left without a database', () => {
    expect(() => contextDatabaseUrls({ TODOS_DATABASE_URL: 'postgresql://todos' })).toThrow('No database configured: set DATABASE_URL (or AUTH_DATABASE_URL, AI_DATABASE_URL)');
  });
});
