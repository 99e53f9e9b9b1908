import type { ContextBinding } from '@ficus/common';
import { AI_TODOS_PATTERNS, type AiTodosFacade } from '@ficus/contracts/ai';
import { TODOS_FACADE } from '@ficus/contracts/todos';
import { TodosContextModule } from '../../todos/src/todos.context.js';

/**
 * The contexts the ai app calls, and how to reach each, per `<CONTEXT>_TRANSPORT`: todos, which
 * it reads and writes only through the todos facade — in this process when
 * TODOS_TRANSPORT=local, else over NATS/TCP. The only place the ai app touches another context's
 * code. It uses only the todos methods it has the right to call (its descriptor's `calls`).
 */
export const todosBinding: ContextBinding<AiTodosFacade> = {
  context: 'todos',
  token: TODOS_FACADE,
  patterns: AI_TODOS_PATTERNS,
  local: TodosContextModule,
};

export const AI_CONTEXTS = [todosBinding] as const;
