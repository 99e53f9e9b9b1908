import { defineEvents } from '../../../../libs/common/src/events/event-catalog.js';
import type { TodoView } from './todos.views.js';

/** `todo.deleted`'s payload: which todo is gone. */
export interface TodoDeleted {
  id: string;
  /** Its parent when it was a subtask (deleted with its parent, or alone); null for a top-level todo. */
  parentId: string | null;
  /** The version it had when it was deleted. */
  version: number;
}

/**
 * The todos context's domain events, one per committed change to a todo (written in the
 * change's transaction, so a rolled-back change has none). Every envelope's `aggregateId` is the
 * todo's id, `ownerId` its owner (whose WebSocket clients receive it), `requestId` the request
 * that made the change.
 *
 * - `todo.created`: the new todo, as the API shows it.
 * - `todo.updated`: the todo after a change that did not complete it (undoing one included).
 * - `todo.completed`: the todo after a change that moved it from not done to done (other fields
 *   of the same request included); instead of `todo.updated`, never with it.
 * - `todo.deleted`: the todo is gone. Deleting a todo deletes its subtasks: each gets its own
 *   `todo.deleted` (before its parent's), so a client never has to know about the cascade.
 *
 * A request that changes nothing (an empty PATCH, an idempotent replay of a create) writes none.
 * Payloads of created/updated/completed are whole views, so a client applies each alike.
 */
export interface TodosEvents {
  'todo.created': TodoView;
  'todo.updated': TodoView;
  'todo.completed': TodoView;
  'todo.deleted': TodoDeleted;
}

/** The todos context's event catalog: stream `ficus_events_todos`, subjects `events.todos.<type>`. */
export const TODOS_EVENTS = defineEvents<TodosEvents>('todos', {
  'todo.created': 1,
  'todo.updated': 1,
  'todo.completed': 1,
  'todo.deleted': 1,
});

/** The todos event types, e.g. for a consumer that takes them all. */
export type TodoEventType = keyof TodosEvents;
