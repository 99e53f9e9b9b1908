import { Injectable } from '@nestjs/common';
import { AppConfig, type EventCause } from '@ficus/common';
import { type CreateTodoCommand, type TodoView } from '@ficus/contracts/todos';
import { TodoEvents } from '../events/todo-events.js';
import { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository.js';
import { isForeignKeyViolation } from '../persistence/prisma-errors.js';
import { TodosPrismaClient, type TodosTransaction } from '../persistence/todos-prisma.client.js';
import { newTodoHash, normaliseNewTodo, type NewTodo } from './new-todo.js';
import { PerOwnerQueue } from './per-owner-queue.js';
import { isTodoId } from './todo-id.js';
import { TodoInsert } from './todo-insert.js';
import { idempotencyKeyReused, invalidParent, limitReached } from './todo-problems.js';
import { toTodoView } from './todo-view.js';

/**
 * The whole transaction. Its statements and its wait for the owner's lock have far shorter
 * limits of their own (DATABASE_STATEMENT_TIMEOUT_MS, DATABASE_LOCK_TIMEOUT_MS).
 */
const TRANSACTION_TIMEOUT_MS = 10_000;

/**
 * Creating a todo: the per-user limit, the parent rules and Idempotency-Key replays.
 *
 * Each create runs in one transaction that first takes a per-owner advisory lock, so one
 * user's creates happen one at a time: the count behind TODOS_MAX_PER_USER cannot be raced
 * past, and of N concurrent requests with one key exactly one inserts while the others wait
 * and then find its key row and replay its answer. The key's primary key (owner_id, key)
 * backs this up: a duplicate would fail rather than be stored.
 *
 * Other users are not blocked, in the database nor in the pool: one user's creates queue in
 * this process (PerOwnerQueue), so at most one of them holds a connection while it waits for the
 * lock — which another instance, or anyone, may hold — and that wait ends at
 * DATABASE_LOCK_TIMEOUT_MS. A create that cannot get its turn and a connection within
 * DATABASE_POOL_TIMEOUT_MS, or the lock in time, answers 503 `platform.database_busy`.
 */
@Injectable()
export class TodoCreation {
  private readonly queue = new PerOwnerQueue();

  constructor(
    private readonly prisma: TodosPrismaClient,
    private readonly keys: IdempotencyKeysRepository,
    private readonly events: TodoEvents,
    private readonly config: AppConfig,
    private readonly inserts: TodoInsert,
  ) {}

  /** Creates the todo and writes `todo.created` in the same transaction (a replay writes nothing). */
  async create(ownerId: string, command: CreateTodoCommand, cause: EventCause): Promise<TodoView> {
    const todo = normaliseNewTodo(command);
    if (todo.parentId !== null && !isTodoId(todo.parentId)) throw invalidParent('parentId must be the id of one of your todos');
    // Waiting for the turn and then for a connection: together within the pool's limit.
    const deadline = Date.now() + this.config.DATABASE_POOL_TIMEOUT_MS;
    // Without a key (most creates) in plain SQL; with one through Prisma, for the key's table.
    if (command.idempotencyKey === undefined) {
      const limit = this.config.TODOS_MAX_PER_USER;
      const created = await this.queue.run(ownerId, deadline, () =>
        this.inserts.insert(ownerId, todo, limit, deadline, (client, row) => this.events.created(client, ownerId, toTodoView(row), cause)),
      );
      return toTodoView(created);
    }
    try {
      return await this.queue.run(ownerId, deadline, () =>
        this.prisma.$transaction((tx) => this.createLocked(tx, ownerId, todo, command.idempotencyKey, cause), {
          maxWait: Math.max(1, deadline - Date.now()),
          timeout: TRANSACTION_TIMEOUT_MS,
        }),
      );
    } catch (error) {
      // The parent was deleted between the check and the insert.
      if (isForeignKeyViolation(error)) throw invalidParent('parentId must be the id of one of your todos');
      throw error;
    }
  }

  /** The create itself, in its transaction, under the owner's lock. */
  private async createLocked(tx: TodosTransaction, ownerId: string, todo: NewTodo, key: string | undefined, cause: EventCause): Promise<TodoView> {
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
    await this.events.created(tx, ownerId, created, cause);
    return created;
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
