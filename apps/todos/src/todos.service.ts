import { Injectable } from '@nestjs/common';
import { decodeKeysetCursor, encodeKeysetCursor, requireCaller, type CallContext, type EventCause } from '@ficus/common';
import {
  type CreateTodoCommand,
  type ListTodosRequest,
  type TodoPage,
  type TodoRef,
  type TodosFacade,
  type TodoView,
  type UpdateTodoCommand,
} from '@ficus/contracts/todos';
import { TodoChanges } from './todos/todo-changes.js';
import { TodoCreation } from './todos/todo-creation.js';
import { isTodoId } from './todos/todo-id.js';
import { todoNotFound } from './todos/todo-problems.js';
import { toTodoView } from './todos/todo-view.js';
import { TodosRepository } from './todos/todos.repository.js';

/** What an anonymous call to any todos method gets (401): every todo belongs to someone. */
const ANONYMOUS = { detail: 'Sign in to use todos.' } as const;

/** Page size when the request names none. */
const DEFAULT_LIMIT = 20;

/**
 * The todos context's application service: the TodosFacade every adapter serves (in-process
 * through TODOS_FACADE, remote through the todos app's message controller). Every method acts
 * for the authenticated caller on that caller's todos only; another user's todo is "not
 * found". Results are JSON-safe (ISO strings, plain objects), identical over every adapter.
 */
@Injectable()
export class TodosService implements TodosFacade {
  constructor(
    private readonly todos: TodosRepository,
    private readonly creation: TodoCreation,
    private readonly changes: TodoChanges,
  ) {}

  async create(input: CreateTodoCommand, call: CallContext): Promise<TodoView> {
    return this.creation.create(requireCaller(call, ANONYMOUS).userId, input, eventCause(call));
  }

  async list(input: ListTodosRequest, call: CallContext): Promise<TodoPage> {
    const { userId } = requireCaller(call, ANONYMOUS);
    const { limit = DEFAULT_LIMIT, cursor, ...filters } = input;
    const after = cursor === undefined ? undefined : decodeKeysetCursor(cursor);
    // One row more than the page tells whether another page follows, without counting.
    const rows = await this.todos.page(userId, filters, limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(toTodoView), nextCursor: rows.length > limit && last ? encodeKeysetCursor(last) : null };
  }

  async get(input: TodoRef, call: CallContext): Promise<TodoView> {
    const { userId } = requireCaller(call, ANONYMOUS);
    const todo = isTodoId(input.id) ? await this.todos.findOwned(userId, input.id) : null;
    if (!todo) throw todoNotFound();
    return toTodoView(todo);
  }

  async update(input: UpdateTodoCommand, call: CallContext): Promise<TodoView> {
    const { userId } = requireCaller(call, ANONYMOUS);
    if (!isTodoId(input.id)) throw todoNotFound();
    return this.changes.update(userId, input, eventCause(call));
  }

  async remove(input: TodoRef, call: CallContext): Promise<void> {
    const { userId } = requireCaller(call, ANONYMOUS);
    if (!isTodoId(input.id)) throw todoNotFound();
    await this.changes.remove(userId, input, eventCause(call));
  }
}

/** What the events of a change carry about the request that made it. */
function eventCause(call: CallContext): EventCause {
  return { requestId: call.requestId };
}
