import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventBus, prismaInbox } from '@ficus/common';
import { AUTH_EVENTS } from '@ficus/contracts/auth';
import { PinoLogger } from 'nestjs-pino';
import { TodosPrismaClient, type TodosTransaction } from '../persistence/todos-prisma.client.js';

/** The consumer's durable name (a JetStream consumer on auth's stream, and the inbox's key). */
export const ACCOUNT_DELETION_CONSUMER = 'todos-account-deletion';

/**
 * Deletes everything todos holds of a user when auth publishes `user.deleted`: their todos
 * (subtasks included) and their idempotency keys, in one transaction with the event's inbox id,
 * so a redelivered event changes nothing. Durable: an event published while todos was down waits
 * in auth's stream and is handled when todos is back. No `todo.deleted` is written for these:
 * the account is gone, so no client of it is left to tell.
 */
@Injectable()
export class AccountDeletionConsumer implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly prisma: TodosPrismaClient,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(AccountDeletionConsumer.name);
  }

  onModuleInit(): void {
    this.bus.subscribe({
      name: ACCOUNT_DELETION_CONSUMER,
      source: AUTH_EVENTS,
      types: ['user.deleted'],
      inbox: prismaInbox(this.prisma),
      handle: async (event, tx: TodosTransaction) => {
        const { userId } = event.payload;
        const todos = await tx.todo.deleteMany({ where: { ownerId: userId } });
        const keys = await tx.idempotencyKey.deleteMany({ where: { ownerId: userId } });
        this.logger.info({ userId, todos: todos.count, idempotencyKeys: keys.count }, 'Deleted the todos of a deleted account');
      },
    });
  }
}
