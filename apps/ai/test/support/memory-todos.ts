import { randomUUID } from 'node:crypto';
import { ProblemException, type CallContext } from '@ficus/common';
import {
  TODOS_ERRORS,
  type CreateTodoCommand,
  type ListTodosRequest,
  type TodoPage,
  type TodoRef,
  type TodosFacade,
  type TodoView,
  type UpdateTodoCommand,
} from '@ficus/contracts/todos';

const notFound = () => new ProblemException({ status: 404, code: TODOS_ERRORS.notFound, detail: 'No such todo.' });

function owner(call: CallContext): string {
  if (!call.caller) throw new ProblemException({ status: 401, detail: 'Sign in.' });
  return call.caller.userId;
}

/**
 * A todos facade in memory, for testing the ai context on its own: the same contract (owner
 * scoping, not-found for others' todos, subtasks of top-level todos only), none of the storage.
 */
export class MemoryTodos implements TodosFacade {
  private readonly todos = new Map<string, TodoView & { ownerId: string }>();
  readonly created: CreateTodoCommand[] = [];

  /** Adds a todo directly (test set-up), with sensible defaults. */
  seed(userId: string, fields: Partial<TodoView> & { title: string }): TodoView {
    const now = new Date().toISOString();
    const todo = { id: randomUUID(), description: null, dueAt: null, priority: 'medium' as const, tags: [], done: false, completedAt: null, parentId: null, version: 1, createdAt: now, updatedAt: now, ...fields };
    this.todos.set(todo.id, { ...todo, ownerId: userId });
    return todo;
  }

  async create(input: CreateTodoCommand, call: CallContext): Promise<TodoView> {
    const userId = owner(call);
    if (input.parentId !== undefined) {
      const parent = this.todos.get(input.parentId);
      if (!parent || parent.ownerId !== userId || parent.parentId !== null) {
        throw new ProblemException({ status: 422, code: TODOS_ERRORS.invalidParent, detail: 'Not a top-level todo of yours.' });
      }
    }
    this.created.push(input);
    return this.seed(userId, { title: input.title, description: input.description ?? null, parentId: input.parentId ?? null, priority: input.priority ?? 'medium' });
  }

  async list(input: ListTodosRequest, call: CallContext): Promise<TodoPage> {
    const userId = owner(call);
    const matching = [...this.todos.values()]
      .filter((todo) => todo.ownerId === userId)
      .filter((todo) => input.done === undefined || todo.done === input.done)
      .filter((todo) => input.parentId === undefined || todo.parentId === input.parentId)
      .toReversed();
    const limit = input.limit ?? 20;
    return { items: matching.slice(0, limit).map(view), nextCursor: matching.length > limit ? 'more' : null };
  }

  async get(input: TodoRef, call: CallContext): Promise<TodoView> {
    const todo = this.todos.get(input.id);
    if (!todo || todo.ownerId !== owner(call)) throw notFound();
    return view(todo);
  }

  async update(input: UpdateTodoCommand): Promise<TodoView> {
    throw new Error(`not used by the ai context (update ${input.id})`);
  }

  async remove(input: TodoRef): Promise<void> {
    throw new Error(`not used by the ai context (remove ${input.id})`);
  }
}

function view({ ownerId: _ownerId, ...todo }: TodoView & { ownerId: string }): TodoView {
  return todo;
}
