import { createHash } from 'node:crypto';
import type { CreateTodoRequest, TodoPriority } from '@ficus/contracts/todos';

/** A create as stored: trimmed, defaults applied, tags deduplicated, dates parsed. */
export interface NewTodo {
  title: string;
  description: string | null;
  dueAt: Date | null;
  priority: TodoPriority;
  tags: string[];
  parentId: string | null;
}

/** Tags trimmed, blanks dropped, each kept once in first-seen order. */
export function normaliseTags(tags: readonly string[] | null | undefined): string[] {
  return [...new Set((tags ?? []).map((tag) => tag.trim()).filter((tag) => tag.length > 0))];
}

/**
 * The todo a create asks for. The DTO has already validated and trimmed it at the adapter;
 * normalising here again makes two spellings of the same request (whitespace, duplicate
 * tags, omitted defaults, `null` for absent) one request — which the idempotency hash needs.
 */
export function normaliseNewTodo(input: CreateTodoRequest): NewTodo {
  return {
    title: input.title.trim(),
    description: input.description ?? null,
    dueAt: input.dueAt ? new Date(input.dueAt) : null,
    priority: input.priority ?? 'medium',
    tags: normaliseTags(input.tags),
    parentId: input.parentId?.toLowerCase() ?? null,
  };
}

/** SHA-256 (hex) of a normalised create: equal for the same request, whatever its spelling. */
export function newTodoHash(todo: NewTodo): string {
  // An array fixes the field order, so the hash never depends on key order.
  const canonical = [todo.title, todo.description, todo.dueAt?.toISOString() ?? null, todo.priority, todo.tags, todo.parentId];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
