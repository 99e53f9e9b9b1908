import { Injectable } from '@nestjs/common';
import type { KeysetPosition } from '@ficus/common';
import type { TodoDeleted } from '@ficus/contracts/todos';
import type { Prisma, Todo } from '../generated/prisma/client.js';
import { TODOS_SCHEMA, TodosPrismaClient, type TodosTransaction } from '../persistence/todos-prisma.client.js';
import { todoListWhere, type TodoFilters } from './todo-filters.js';

/**
 * A todo row with Prisma's field names and types: uuids and the enum as strings, timestamps as
 * Dates, tags as an array — what pg's default parsers give for these columns.
 */
export const TODO_COLUMNS = [
  'id',
  'owner_id AS "ownerId"',
  'parent_id AS "parentId"',
  'title',
  'description',
  'due_at AS "dueAt"',
  'priority::text AS priority',
  'tags',
  'done',
  'completed_at AS "completedAt"',
  'version',
  'created_at AS "createdAt"',
  'updated_at AS "updatedAt"',
].join(', ');
export const TODOS_TABLE = `"${TODOS_SCHEMA}"."todos"`;
const FIND_OWNED = `SELECT ${TODO_COLUMNS} FROM ${TODOS_TABLE} WHERE id = $1::uuid AND owner_id = $2::uuid`;
/** Locks the todo to be deleted (at the version, when given): no subtask can be added to it until commit. */
const LOCK_FOR_DELETE = `SELECT id FROM ${TODOS_TABLE} WHERE id = $1::uuid AND owner_id = $2::uuid AND ($3::int IS NULL OR version = $3::int) FOR UPDATE`;
/** The todo and its subtasks, subtasks first: what the cascade would delete, but named. */
const DELETE_WITH_SUBTASKS = `WITH gone AS (
  DELETE FROM ${TODOS_TABLE} WHERE owner_id = $2::uuid AND (id = $1::uuid OR parent_id = $1::uuid)
  RETURNING id, parent_id, version
)
SELECT id::text AS id, parent_id::text AS "parentId", version FROM gone ORDER BY (id = $1::uuid), id`;

/**
 * The `todos` table, always through the owner: no method reads or writes a row without the
 * owner's id in its WHERE clause, so another user's todo cannot be reached by any id.
 *
 * The two reads every client repeats most — one todo, one page — run as plain SQL on the pg
 * pool under Prisma: Prisma's client-side engine costs more CPU per query than the query
 * itself (measured in docs/benchmarks.md). Writes stay with Prisma.
 */
@Injectable()
export class TodosRepository {
  constructor(private readonly prisma: TodosPrismaClient) {}

  async findOwned(ownerId: string, id: string): Promise<Todo | null> {
    const { rows } = await this.prisma.pool.query<Todo>(FIND_OWNED, [id, ownerId]);
    return rows[0] ?? null;
  }

  /** At most `take` todos, newest first, strictly after `after`; one index range scan. */
  async page(ownerId: string, filters: TodoFilters, take: number, after?: KeysetPosition): Promise<Todo[]> {
    const where = todoListWhere(ownerId, filters, after);
    const sql = `SELECT ${TODO_COLUMNS} FROM ${TODOS_TABLE} WHERE ${where.sql} ORDER BY created_at DESC, id DESC LIMIT $${where.values.length + 1}`;
    const { rows } = await this.prisma.pool.query<Todo>(sql, [...where.values, take]);
    return rows;
  }

  /**
   * Applies `changes` in `tx` only while the todo is still at `version` (one conditional
   * UPDATE … WHERE version = $v), moving it to the next version. Undefined when the todo is
   * missing, not the owner's, or no longer at that version.
   */
  async updateAtVersion(
    tx: TodosTransaction,
    ownerId: string,
    id: string,
    version: number,
    changes: Prisma.TodoUpdateManyMutationInput,
  ): Promise<Todo | undefined> {
    const [updated] = await tx.todo.updateManyAndReturn({
      where: { id, ownerId, version },
      data: { ...changes, version: version + 1, updatedAt: new Date() },
    });
    return updated;
  }

  /**
   * Deletes the todo and its subtasks in `tx`, at `version` when given, and names every todo
   * deleted, subtasks first (each gets its own event); empty when nothing matched. The todo is
   * locked first, so a subtask created meanwhile is either seen by the delete or not created.
   */
  async deleteOwned(tx: TodosTransaction, ownerId: string, id: string, version?: number): Promise<TodoDeleted[]> {
    const locked = await tx.$queryRawUnsafe<unknown[]>(LOCK_FOR_DELETE, id, ownerId, version ?? null);
    if (locked.length === 0) return [];
    return tx.$queryRawUnsafe<TodoDeleted[]>(DELETE_WITH_SUBTASKS, id, ownerId);
  }
}
