import { Injectable } from '@nestjs/common';
import { AppConfig, type CreateTodoCommand, type TodoView } from '@ficus/common';
import { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository.js';
import { isForeignKeyViolation } from '../persistence/prisma-errors.js';
import { TodosPrismaClient, type TodosTransaction } from '../persistence/todos-prisma.client.js';
import { newTodoHash, normaliseNewTodo } from './new-todo.js';
import { isTodoId } from './todo-id.js';
import { idempotencyKeyReused, invalidParent, limitReached } from './todo-problems.js';
import { toTodoView } from './todo-view.js';

/**
 * Waiting for a pooled connection and for the owner's lock: generous, since a burst of one
 * user's creates queues behind that lock by design (each holds it for a few milliseconds).
 */
const TRANSACTION_OPTIONS = { maxWait: 5_000, timeout: 10_000 } as const;

/**
 * Creating a todo: the per-user limit, the parent rules and Idempotency-Key replays.
 *
 * Each create runs in one transaction that first takes a per-owner advisory lock, so one
 * user's creates happen one at a time: the count behind TODOS_MAX_PER_USER cannot be raced
 * past, and of N concurrent requests with one key exactly one inserts while the others wait
 * and then find its key row and replay its answer. Other users are not blocked. The key's
 * primary key (owner_id, key) backs this up: a duplicate would fail rather than be stored.
 */
@Injectable()
export class TodoCreation {
  constructor(
    private readonly prisma: TodosPrismaClient,
    private readonly keys: IdempotencyKeysRepository,
    private readonly config: AppConfig,
  ) {}

  async create(ownerId: string, command: CreateTodoCommand): Promise<TodoView> {
    const todo = normaliseNewTodo(command);
    if (todo.parentId !== null && !isTodoId(todo.parentId)) throw invalidParent('parentId must be the id of one of your todos');
    const key = command.idempotencyKey;
    try {
      return await this.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('ficus.todos.create'), hashtext(${ownerId}))`;
        const hash = key === undefined ? undefined : newTodoHash(todo);
        if (key !== undefined && hash !== undefined) {
          const replay = await this.replay(tx, ownerId, key, hash);
          if (replay) return replay;
        }
        await this.checkLimit(tx, ownerId);
        if (todo.parentId !== null) await this.checkParent(tx, ownerId, todo.parentId);
        const created = toTodoView(await tx.todo.create({ data: { ownerId, ...todo } }));
        if (key !== undefined && hash !== undefined) await this.keys.remember(tx, ownerId, key, hash, created);
        return created;
      }, TRANSACTION_OPTIONS);
    } catch (error) {
      // The parent was deleted between the check and the insert.
      if (isForeignKeyViolation(error)) throw invalidParent('parentId must be the id of one of your todos');
      throw error;
    }
  }

  /** The original answer for a repeat within the TTL; 422 for the key with another body. */
  private async replay(tx: TodosTransaction, ownerId: string, key: string, hash: string): Promise<TodoView | undefined> {
    const remembered = await this.keys.find(tx, ownerId, key);
    if (!remembered) return undefined;
    const expiresAt = remembered.createdAt.getTime() + this.config.TODOS_IDEMPOTENCY_TTL_S * 1000;
    if (expiresAt <= Date.now()) {
      // Expired but not purged yet: the key is free again.
      await this.keys.forget(tx, ownerId, key);
      return undefined;
    }
    if (remembered.requestHash !== hash) throw idempotencyKeyReused();
    return remembered.response;
  }

  private async checkLimit(tx: TodosTransaction, ownerId: string): Promise<void> {
    const limit = this.config.TODOS_MAX_PER_USER;
    // Index-only on (owner_id, done); at most TODOS_MAX_PER_USER entries.
    if ((await tx.todo.count({ where: { ownerId } })) >= limit) throw limitReached(limit);
  }

  /** A parent must be the caller's own, top-level todo: subtasks are one level deep. */
  private async checkParent(tx: TodosTransaction, ownerId: string, parentId: string): Promise<void> {
    const parent = await tx.todo.findFirst({ where: { id: parentId, ownerId }, select: { parentId: true } });
    if (!parent) throw invalidParent('parentId must be the id of one of your todos');
    if (parent.parentId !== null) throw invalidParent('parentId names a subtask; subtasks are one level deep');
  }
}
