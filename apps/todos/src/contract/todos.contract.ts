import type { FacadeContract } from '../../../../libs/common/src/contracts/facade-contract.js';
import { TODOS_FACADE, TODOS_PATTERNS, type TodosFacade } from './todos.facade.js';
import { CreateTodoCommand, ListTodosRequest, TodoRef, UpdateTodoCommand } from './todos.requests.js';

/** The todos facade as the platform serves it, in-process and remotely (see FacadeCallPipeline). */
export const TODOS_CONTRACT: FacadeContract<TodosFacade> = {
  context: 'todos',
  token: TODOS_FACADE,
  patterns: TODOS_PATTERNS,
  requests: { create: CreateTodoCommand, list: ListTodosRequest, get: TodoRef, update: UpdateTodoCommand, remove: TodoRef },
};
