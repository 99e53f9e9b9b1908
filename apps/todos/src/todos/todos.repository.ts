import { Injectable } from '@nestjs/common';
import type { KeysetPosition } from '@ficus/common';
import type { Prisma, Todo } from '../generated/prisma/client.js';
import { TODOS_SCHEMA, TodosPrismaClient } from '../persistence/todos-prisma.client.js';
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
   * Applies `changes` only while the todo is still at `version` (one conditional UPDATE …
   * WHERE version = $v), moving it to the next version. Undefined when the todo is missing,
   * not the owner's, or no longer at that version.
   */
  async updateAtVersion(ownerId: string, id: string, version: number, changes: Prisma.TodoUpdateManyMutationInput): Promise<Todo | undefined> {
    const [updated] = await this.prisma.todo.updateManyAndReturn({
      where: { id, ownerId, version },
      data: { ...changes, version: version + 1, updatedAt: new Date() },
    });
    return updated;
  }

  /** Deletes the todo (its subtasks go by the foreign key's cascade), at `version` when given. */
  async deleteOwned(ownerId: string, id: string, version?: number): Promise<boolean> {
    const { count } = await this.prisma.todo.deleteMany({ where: { id, ownerId, ...(version === undefined ? {} : { version }) } });
    return count > 0;
  }
}
