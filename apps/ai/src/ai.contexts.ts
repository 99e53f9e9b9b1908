import { TODOS_FACADE, TODOS_PATTERNS, type ContextBinding, type TodosFacade } from '@ficus/common';
import { TodosContextModule } from '../../todos/src/todos.context.js';

/**
 * The contexts the ai app calls, and how to reach each, per `<CONTEXT>_TRANSPORT`: todos, which
 * it reads and writes only through the todos facade — in this process when
 * TODOS_TRANSPORT=local, else over NATS/TCP. The only place the ai app touches another context's code.
 */
export const todosBinding: ContextBinding<TodosFacade> = {
  context: 'todos',
  token: TODOS_FACADE,
  patterns: TODOS_PATTERNS,
  local: TodosContextModule,
};

export const AI_CONTEXTS = [todosBinding] as const;
