import { randomBytes, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CallContext } from '@ficus/common';
import { startTestApp } from '../../../../test/support/test-app.js';
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
  const { app } = await startTestApp({ name: 'todos', module: TodosContextModule }, { REDIS_URL: undefined, ...env });
  return {
    app,
    todos: app.get(TodosService, { strict: false }),
    prisma: app.get(TodosPrismaClient, { strict: false }),
    cleanup: app.get(IdempotencyKeysCleanup, { strict: false }),
    close: () => app.close(),
  };
}

/** A call as the edge makes it for a signed-in user (a fresh user unless `userId` is given). */
export function userCall(userId: string = randomUUID()): CallContext {
  return {
    requestId: `test-${randomBytes(6).toString('hex')}`,
    deadline: Date.now() + 30_000,
    caller: { userId, roles: ['user'], sessionId: randomUUID() },
  };
}

/** A call without a signed-in user. */
export function anonymousCall(): CallContext {
  return { requestId: `test-${randomBytes(6).toString('hex')}`, deadline: Date.now() + 30_000 };
}

/** What a rejected facade call carries: status, code, field errors. */
export interface CallProblem {
  status: number;
  code?: string;
  errors?: { field: string; messages: string[] }[];
  detail?: string;
}

/** The problem a facade call was rejected with; fails the test when it succeeded. */
export async function problemOf(promise: Promise<unknown>): Promise<CallProblem> {
  try {
    await promise;
  } catch (error) {
    const problem = error as { getStatus?: () => number } & Omit<CallProblem, 'status'>;
    if (typeof problem.getStatus !== 'function') throw error;
    return { status: problem.getStatus(), code: problem.code, errors: problem.errors, detail: problem.detail };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
