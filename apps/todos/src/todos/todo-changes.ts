import { Injectable } from '@nestjs/common';
import type { EventCause } from '@ficus/common';
import type { TodoRef, TodoView, UpdateTodoCommand } from '@ficus/contracts/todos';
import { TodoEvents } from '../events/todo-events.js';
import type { Prisma, Todo } from '../generated/prisma/client.js';
import { TodosPrismaClient } from '../persistence/todos-prisma.client.js';
import { normaliseTags } from './new-todo.js';
import { concurrentUpdate, todoNotFound, versionMismatch } from './todo-problems.js';
import { toTodoView } from './todo-view.js';
import { TodosRepository } from './todos.repository.js';

/** An update without If-Match re-reads and retries this often when other writers win the race. */
const MAX_ATTEMPTS = 5;

/** The fields of an update that are independent of the row's current state. */
type PlainChanges = Omit<Prisma.TodoUpdateManyMutationInput, 'completedAt' | 'version' | 'updatedAt'>;

/**
 * Updates and deletes under optimistic concurrency. Every change moves the todo to the next
 * version; with `expectedVersion` (If-Match) it applies only at that version, else 412.
 * Without it, an update still applies atomically to the version it was computed from (so
 * `done` and `completedAt` stay consistent) and is retried on a lost race.
 *
 * Each change writes its event (`todo.updated`/`todo.completed`, `todo.deleted`) in its own
 * transaction, after the change: the change's row lock orders one todo's events.
 */
@Injectable()
export class TodoChanges {
  constructor(
    private readonly prisma: TodosPrismaClient,
    private readonly todos: TodosRepository,
    private readonly events: TodoEvents,
  ) {}

  async update(ownerId: string, input: UpdateTodoCommand, cause: EventCause): Promise<TodoView> {
    const changes = plainChanges(input);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.todos.findOwned(ownerId, input.id);
      if (!current) throw todoNotFound();
      if (input.expectedVersion !== undefined && current.version !== input.expectedVersion) throw versionMismatch(input.expectedVersion, current.version);
      // Nothing to change is not a change: no new version.
      if (Object.keys(changes).length === 0) return toTodoView(current);
      const updated = await this.prisma.$transaction(async (tx) => {
        const row = await this.todos.updateAtVersion(tx, ownerId, input.id, current.version, { ...changes, ...completion(input.done, current) });
        const view = row && toTodoView(row);
        if (view) await this.events.changed(tx, ownerId, current.done, view, cause);
        return view;
      });
      if (updated) return updated;
      if (input.expectedVersion !== undefined) {
        // Someone moved it past the expected version between the read and the write.
        const now = await this.todos.findOwned(ownerId, input.id);
        if (!now) throw todoNotFound();
        throw versionMismatch(input.expectedVersion, now.version);
      }
    }
    throw concurrentUpdate();
  }

  async remove(ownerId: string, ref: TodoRef, cause: EventCause): Promise<void> {
    const deleted = await this.prisma.$transaction(async (tx) => {
      const gone = await this.todos.deleteOwned(tx, ownerId, ref.id, ref.expectedVersion);
      if (gone.length > 0) await this.events.deleted(tx, ownerId, gone, cause);
      return gone.length > 0;
    });
    if (deleted) return;
    if (ref.expectedVersion === undefined) throw todoNotFound();
    // Nothing was deleted at that version: tell a missing todo from a changed one.
    const current = await this.todos.findOwned(ownerId, ref.id);
    if (!current) throw todoNotFound();
    throw versionMismatch(ref.expectedVersion, current.version);
  }
}

/** What the request sets, as stored; `null` clears description and dueAt. */
function plainChanges(input: UpdateTodoCommand): PlainChanges {
  const changes: PlainChanges = {};
  if (input.title !== undefined) changes.title = input.title.trim();
  if (input.description !== undefined) changes.description = input.description;
  if (input.dueAt !== undefined) changes.dueAt = input.dueAt === null ? null : new Date(input.dueAt);
  if (input.priority !== undefined) changes.priority = input.priority;
  if (input.tags !== undefined) changes.tags = normaliseTags(input.tags);
  if (input.done !== undefined) changes.done = input.done;
  return changes;
}

/** `done` drives `completedAt`: set when a todo becomes done (kept when it already was), cleared when undone. */
function completion(done: boolean | undefined, current: Todo): Pick<Prisma.TodoUpdateManyMutationInput, 'completedAt'> {
  if (done === undefined) return {};
  if (!done) return { completedAt: null };
  return { completedAt: current.completedAt ?? new Date() };
}
