import type { CallContext, FacadePatterns } from '../../../../libs/common/src/contracts/call-context.js';
import type { CreateTodoCommand, ListTodosRequest, TodoRef, UpdateTodoCommand } from './todos.requests.js';
import type { TodoPage, TodoView } from './todos.views.js';

/** Injection token of the todos facade; the adapter behind it is chosen by `TODOS_TRANSPORT`. */
export const TODOS_FACADE = Symbol('TODOS_FACADE');

/**
 * The todos context's contract. Every method acts for `call.caller` (required: 401 without)
 * on that user's todos only; another user's todo is reported as not found.
 */
export interface TodosFacade {
  /** Creates a todo; with an idempotency key, a repeat within 24 h returns the original. */
  create(input: CreateTodoCommand, call: CallContext): Promise<TodoView>;
  /** The caller's todos, newest first, filtered, one cursor page at a time. */
  list(input: ListTodosRequest, call: CallContext): Promise<TodoPage>;
  get(input: TodoRef, call: CallContext): Promise<TodoView>;
  /** Partial update, optionally only at `expectedVersion`. */
  update(input: UpdateTodoCommand, call: CallContext): Promise<TodoView>;
  /** Deletes the todo and its subtasks, optionally only at `expectedVersion`. */
  remove(input: TodoRef, call: CallContext): Promise<void>;
}

export const TODOS_PATTERNS: FacadePatterns<TodosFacade> = {
  create: 'todos.create',
  list: 'todos.list',
  get: 'todos.get',
  update: 'todos.update',
  remove: 'todos.remove',
};

/** The methods that only read: a repeat of one changes nothing (see readPatterns). */
export const TODOS_READ_METHODS: { readonly [K in keyof TodosFacade]?: true } = { list: true, get: true };
