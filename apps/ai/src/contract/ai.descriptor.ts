import { defineContext } from '../../../../libs/common/src/contracts/context-descriptor.js';
import type { FacadePatterns } from '../../../../libs/common/src/contracts/call-context.js';
import { TODOS_PATTERNS, type TodosFacade } from '../../../todos/src/contract/todos.facade.js';
import { AI_CONTRACT } from './ai.contract.js';

/** What the ai context does with todos: it reads them and creates subtasks, as the caller. */
export type AiTodosFacade = Pick<TodosFacade, 'get' | 'list' | 'create'>;

/** The todos methods the ai context calls, and their patterns: its rights on todos. */
export const AI_TODOS_PATTERNS: FacadePatterns<AiTodosFacade> = { get: TODOS_PATTERNS.get, list: TODOS_PATTERNS.list, create: TODOS_PATTERNS.create };

/**
 * The ai context as the platform and the tools know it (registered in apps/contexts.ts). None
 * of its methods counts as a read: each costs a model call.
 */
export const AI_CONTEXT = defineContext({
  name: 'ai',
  contract: AI_CONTRACT,
  calls: { todos: AI_TODOS_PATTERNS },
  defaultTcpPort: 4103,
  // Its rules and answers live in memory and at the model; it has no schema.
  database: false,
});
