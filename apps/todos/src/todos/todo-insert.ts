import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Todo } from '../generated/prisma/client.js';
import { TodosPrismaClient } from '../persistence/todos-prisma.client.js';
import type { NewTodo } from './new-todo.js';
import { invalidParent, limitReached } from './todo-problems.js';
import { TODO_COLUMNS, TODOS_TABLE } from './todos.repository.js';

const LOCK_OWNER = `SELECT pg_advisory_xact_lock(hashtext('ficus.todos.create'), hashtext($1))`;
const COUNT_OWNED = `SELECT count(*)::int AS count FROM ${TODOS_TABLE} WHERE owner_id = $1::uuid`;
const PARENT_OF = `SELECT parent_id AS "parentId" FROM ${TODOS_TABLE} WHERE id = $1::uuid AND owner_id = $2::uuid`;
// Both timestamps are the transaction's start, as Prisma's `now()` default gave one value to both.
const INSERT = `INSERT INTO ${TODOS_TABLE} (id, owner_id, parent_id, title, description, due_at, priority, tags, created_at, updated_at)
  VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::"todos"."todo_priority", $8::text[], now(), now()) RETURNING ${TODO_COLUMNS}`;
/** What pg-pool answers when no connection frees up in time: mapped to 503 platform.database_busy. */
const POOL_TIMEOUT = 'timeout exceeded when trying to connect';
const FOREIGN_KEY_VIOLATION = '23503';

/** A connection of `pool` by `deadline`, else the pool's own timeout error; a late one goes back. */
function connectBy(pool: TodosPrismaClient['pool'], deadline: number): Promise<PoolClient> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error(POOL_TIMEOUT));
    }, Math.max(0, deadline - Date.now()));
    pool.connect().then(
      (client) => {
        clearTimeout(timer);
        if (late) client.release();
        else resolve(client);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * A create without an Idempotency-Key as one transaction in plain SQL on the context's pg pool —
 * the owner's advisory lock, the per-user limit, the parent rules, the insert — the same
 * statements TodoCreation runs through Prisma for a create with a key. Prisma's interactive
 * transaction cost ≈ 0.6 ms of CPU per create on top of them (docs/benchmarks.md).
 */
@Injectable()
export class TodoInsert {
  constructor(private readonly prisma: TodosPrismaClient) {}

  /**
   * The created row; a problem for the limit or a bad parent; no connection by `deadline`: 503.
   * `alongside` runs in the same transaction after the insert (the todo's event, see TodoEvents).
   */
  async insert(ownerId: string, todo: NewTodo, maxPerUser: number, deadline: number, alongside: (client: PoolClient, created: Todo) => Promise<void>): Promise<Todo> {
    const client = await connectBy(this.prisma.pool, deadline);
    let broken: unknown;
    try {
      await client.query('BEGIN');
      await client.query(LOCK_OWNER, [ownerId]);
      const { rows: counted } = await client.query<{ count: number }>(COUNT_OWNED, [ownerId]);
      if (counted[0].count >= maxPerUser) throw limitReached(maxPerUser);
      if (todo.parentId !== null) await this.checkParent(client, ownerId, todo.parentId);
      const { rows } = await client.query<Todo>(INSERT, [uuidv7(), ownerId, todo.parentId, todo.title, todo.description, todo.dueAt, todo.priority, todo.tags]);
      await alongside(client, rows[0]);
      await client.query('COMMIT');
      return rows[0];
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackFailed: unknown) => (broken = rollbackFailed));
      // The parent was deleted between the check and the insert.
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === FOREIGN_KEY_VIOLATION) throw invalidParent('parentId must be the id of one of your todos');
      throw error;
    } finally {
      // A connection that could not even roll back leaves the pool.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  /** A parent must be the caller's own, top-level todo: subtasks are one level deep. */
  private async checkParent(client: PoolClient, ownerId: string, parentId: string): Promise<void> {
    const { rows } = await client.query<{ parentId: string | null }>(PARENT_OF, [parentId, ownerId]);
    if (rows.length === 0) throw invalidParent('parentId must be the id of one of your todos');
    if (rows[0].parentId !== null) throw invalidParent('parentId names a subtask; subtasks are one level deep');
  }
}
