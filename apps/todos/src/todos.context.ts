import { Module } from '@nestjs/common';
import { TODOS_FACADE } from '@ficus/common';
import { IdempotencyKeysRepository } from './idempotency/idempotency-keys.repository.js';
import { IdempotencyKeysCleanup } from './maintenance/idempotency-keys.cleanup.js';
import { TodosPrismaClient } from './persistence/todos-prisma.client.js';
import { TodoChanges } from './todos/todo-changes.js';
import { TodoCreation } from './todos/todo-creation.js';
import { TodoInsert } from './todos/todo-insert.js';
import { TodosRepository } from './todos/todos.repository.js';
import { TodosService } from './todos.service.js';

/**
 * The todos context, composed: the one file of `apps/todos` other apps may import. Hosted
 * in-process by the gateway (TODOS_TRANSPORT=local) or by the todos app behind its message
 * controller. It relies only on the platform's global providers (AppConfig, PinoLogger), so it
 * works inside any app. Exports the facade (TODOS_FACADE) and TodosService, which the message
 * controller calls.
 */
@Module({
  providers: [
    TodosService,
    { provide: TODOS_FACADE, useExisting: TodosService },
    TodosPrismaClient,
    TodosRepository,
    IdempotencyKeysRepository,
    TodoCreation,
    TodoInsert,
    TodoChanges,
    IdempotencyKeysCleanup,
  ],
  exports: [TODOS_FACADE, TodosService],
})
export class TodosContextModule {}
