import { Module } from '@nestjs/common';
import { facadeCallsToken, facadeProviders } from '@ficus/common';
import { TODOS_CONTRACT, TODOS_FACADE } from '@ficus/contracts/todos';
import { AccountDeletionConsumer } from './events/account-deletion.consumer.js';
import { TodoEvents } from './events/todo-events.js';
import { TodosOutboxRelay } from './events/todos-outbox.relay.js';
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
 * works inside any app. Its changes write events (TODOS_EVENTS), relayed from wherever it is hosted; it deletes
 * a user's todos when auth publishes `user.deleted` (AccountDeletionConsumer).
 * Exports the facade (TODOS_FACADE) and the pipeline behind it, which the message controller
 * calls: TodosService is reached only through FacadeCallPipeline.
 */
@Module({
  providers: [
    ...facadeProviders(TODOS_CONTRACT, TodosService),
    TodosPrismaClient,
    TodosRepository,
    IdempotencyKeysRepository,
    TodoCreation,
    TodoInsert,
    TodoChanges,
    IdempotencyKeysCleanup,
    TodoEvents,
    TodosOutboxRelay,
    AccountDeletionConsumer,
  ],
  exports: [TODOS_FACADE, facadeCallsToken(TODOS_CONTRACT)],
})
export class TodosContextModule {}
