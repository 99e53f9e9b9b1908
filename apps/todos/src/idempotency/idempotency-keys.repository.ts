import { Injectable } from '@nestjs/common';
import type { TodoView } from '@ficus/contracts/todos';
import type { IdempotencyKey } from '../generated/prisma/client.js';
import { TodosPrismaClient, type TodosTransaction } from '../persistence/todos-prisma.client.js';

/** What a create with an Idempotency-Key left behind. */
export interface RememberedCreate {
  requestHash: string;
  response: TodoView;
  createdAt: Date;
}

/**
 * The `idempotency_keys` table: per user, the key, the hash of the request that first used it
 * and the answer it got. Reads and writes go through the caller's transaction, which holds the
 * owner's lock (see TodoCreation).
 */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(private readonly prisma: TodosPrismaClient) {}

  async find(tx: TodosTransaction, ownerId: string, key: string): Promise<RememberedCreate | undefined> {
    const row = await tx.idempotencyKey.findUnique({ where: { ownerId_key: { ownerId, key } } });
    return row ? toRemembered(row) : undefined;
  }

  async remember(tx: TodosTransaction, ownerId: string, key: string, requestHash: string, response: TodoView): Promise<void> {
    await tx.idempotencyKey.create({ data: { ownerId, key, requestHash, response: { ...response }, todoId: response.id } });
  }

  async forget(tx: TodosTransaction, ownerId: string, key: string): Promise<void> {
    await tx.idempotencyKey.deleteMany({ where: { ownerId, key } });
  }

  /** Deletes every key remembered before `cutoff`; returns how many. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.idempotencyKey.deleteMany({ where: { createdAt: { lt: cutoff } } });
    return count;
  }
}

function toRemembered(row: IdempotencyKey): RememberedCreate {
  // Only `remember` writes this column, always with a TodoView; JSON columns come back untyped.
  return { requestHash: row.requestHash, response: row.response as unknown as TodoView, createdAt: row.createdAt };
}
