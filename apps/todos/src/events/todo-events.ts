import { Injectable } from '@nestjs/common';
import { OutboxWriter, type EventCause, type PgQueryable } from '@ficus/common';
import { TODOS_EVENTS, type TodoDeleted, type TodosEvents, type TodoView } from '@ficus/contracts/todos';
import { TODOS_SCHEMA, type TodosTransaction } from '../persistence/todos-prisma.client.js';

/**
 * Writes the todos context's events (TODOS_EVENTS, documented in the todos contract) into its
 * outbox, inside the transaction of the change each describes: call it after the change itself,
 * with the transaction client of that change.
 */
@Injectable()
export class TodoEvents {
  private readonly outbox = new OutboxWriter<TodosEvents>(TODOS_EVENTS, TODOS_SCHEMA);

  /** `tx`: the create's Prisma transaction, or the pg client of its plain-SQL transaction (TodoInsert). */
  async created(tx: TodosTransaction | PgQueryable, ownerId: string, todo: TodoView, cause: EventCause): Promise<void> {
    await this.outbox.write(tx, { type: 'todo.created', aggregateId: todo.id, ownerId, payload: todo }, cause);
  }

  /** `todo.completed` when the change made a todo done, else `todo.updated`. */
  async changed(tx: TodosTransaction, ownerId: string, wasDone: boolean, todo: TodoView, cause: EventCause): Promise<void> {
    const type = !wasDone && todo.done ? 'todo.completed' : 'todo.updated';
    await this.outbox.write(tx, { type, aggregateId: todo.id, ownerId, payload: todo }, cause);
  }

  /** One `todo.deleted` per todo gone, in the order given (subtasks before their parent). */
  async deleted(tx: TodosTransaction, ownerId: string, gone: readonly TodoDeleted[], cause: EventCause): Promise<void> {
    await this.outbox.write(
      tx,
      gone.map((todo) => ({ type: 'todo.deleted' as const, aggregateId: todo.id, ownerId, payload: { id: todo.id, parentId: todo.parentId, version: todo.version } })),
      cause,
    );
  }
}
