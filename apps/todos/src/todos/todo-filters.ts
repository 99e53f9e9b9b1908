import type { KeysetPosition } from '@ficus/common';
import type { ListTodosRequest } from '@ficus/contracts/todos';

/** What a list may filter on: the request without its paging fields. */
export type TodoFilters = Omit<ListTodosRequest, 'limit' | 'cursor'>;

/** `q` is matched literally: LIKE's wildcards and its escape character lose their meaning. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A WHERE clause as SQL with its parameters ($1 … $n, in order). */
export interface SqlCondition {
  sql: string;
  values: unknown[];
}

/**
 * The WHERE clause of one owner's list: the owner first (every index starts with it), each
 * filter the request sets, and — past the first page — only rows strictly after the cursor in
 * (created_at DESC, id DESC) order, the keyset that keeps pages stable under inserts. The
 * conditions are the ones Prisma generated for this list before it became plain SQL (the
 * repository runs it on pg directly; see todos.repository.ts).
 */
export function todoListWhere(ownerId: string, filters: TodoFilters, after?: KeysetPosition): SqlCondition {
  const values: unknown[] = [];
  /** The placeholder of a new parameter. */
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const conditions = [`owner_id = ${param(ownerId)}::uuid`];
  if (filters.done !== undefined) conditions.push(`done = ${param(filters.done)}`);
  if (filters.priority !== undefined) conditions.push(`priority = CAST(${param(filters.priority)}::text AS todo_priority)`);
  // `tags @> ARRAY[tag]`, which the GIN index on tags serves.
  if (filters.tag !== undefined) conditions.push(`tags @> ${param([filters.tag])}::text[]`);
  if (filters.parentId !== undefined) conditions.push(`parent_id = ${param(filters.parentId.toLowerCase())}::uuid`);
  if (filters.dueBefore !== undefined) conditions.push(`due_at < ${param(new Date(filters.dueBefore).toISOString())}::timestamptz`);
  if (filters.dueAfter !== undefined) conditions.push(`due_at > ${param(new Date(filters.dueAfter).toISOString())}::timestamptz`);
  // ILIKE '%q%' (backslash escapes, Postgres' default), served by the trigram index on title.
  if (filters.q !== undefined) conditions.push(`title ILIKE ('%' || ${param(escapeLikePattern(filters.q))} || '%')`);
  if (after) {
    // The redundant `created_at <= c` is what the index scan starts from; the OR alone would
    // only filter, walking every row of the earlier pages again.
    const createdAt = param(after.createdAt.toISOString());
    conditions.push(`created_at <= ${createdAt}::timestamptz`, `(created_at < ${createdAt}::timestamptz OR (created_at = ${createdAt}::timestamptz AND id < ${param(after.id)}::uuid))`);
  }
  return { sql: conditions.join(' AND '), values };
}
