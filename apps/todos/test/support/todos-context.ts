import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from '../../../../test/support/test-app.js';
import { FICUS_APPS } from '../../../contexts.js';
import { IdempotencyKeysCleanup } from '../../src/maintenance/idempotency-keys.cleanup.js';
import { TodosPrismaClient } from '../../src/persistence/todos-prisma.client.js';
import { TodosContextModule } from '../../src/todos.context.js';
import { TodosService } from '../../src/todos.service.js';

/** The todos context inside a real platform app, with handles on what tests inspect. */
export interface TodosHarness {
  app: NestFastifyApplication;
  todos: TodosService;
  prisma: TodosPrismaClient;
  cleanup: IdempotencyKeysCleanup;
  close(): Promise<void>;
}

/**
 * Boots `TodosContextModule` with the platform exactly as an app would (createApp), on this
 * run's migrated database (DATABASE_URL from the Jest global setup) unless `env` says otherwise.
 * Tests isolate themselves by owner: every test acts for fresh user ids.
 */
export async function startTodosContext(env: Record<string, string | undefined> = {}): Promise<TodosHarness> {
  const { app } = await startTestApp({ name: 'todos', apps: FICUS_APPS, module: TodosContextModule }, { REDIS_URL: undefined, ...env });
  return {
    app,
    todos: app.get(TodosService, { strict: false }),
    prisma: app.get(TodosPrismaClient, { strict: false }),
    cleanup: app.get(IdempotencyKeysCleanup, { strict: false }),
    close: () => app.close(),
  };
}

export { anonymousCall, problemOf, userCall, type CallProblem } from '../../../../test/support/facade-calls.js';
