import { SERVICE_CALLS, type AiTodosFacade, type ContextBinding } from '@ficus/common';
import { TODOS_FACADE } from '@ficus/contracts/todos';
import { TodosContextModule } from '../../todos/src/todos.context.js';

/**
 * The contexts the ai app calls, and how to reach each, per `<CONTEXT>_TRANSPORT`: todos, which
 * it reads and writes only through the todos facade — in this process when
 * TODOS_TRANSPORT=local, else over NATS/TCP. The only place the ai app touches another context's
 * code. It uses only the todos methods it has the right to call (SERVICE_CALLS).
 */
export const todosBinding: ContextBinding<AiTodosFacade> = {
  context: 'todos',
  token: TODOS_FACADE,
  patterns: SERVICE_CALLS.ai.todos,
  local: TodosContextModule,
};

export const AI_CONTEXTS = [todosBinding] as const;
