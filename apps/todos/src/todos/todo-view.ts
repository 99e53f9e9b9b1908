import type { TodoView } from '@ficus/contracts/todos';
import type { Todo } from '../generated/prisma/client.js';

/**
 * A todo row as every adapter returns it: a plain object with ISO date strings, so the
 * in-process and remote facades produce identical JSON (and the view can be stored as JSON
 * for idempotent replays).
 */
export function toTodoView(row: Todo): TodoView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    dueAt: row.dueAt?.toISOString() ?? null,
    priority: row.priority,
    // Prisma lists are nullable columns; rows written by this context always hold an array.
    tags: row.tags ?? [],
    done: row.done,
    completedAt: row.completedAt?.toISOString() ?? null,
    parentId: row.parentId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
