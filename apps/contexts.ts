import type { AppRegistry } from '../libs/common/src/contracts/context-descriptor.js';
import { AI_CONTEXT } from './ai/src/contract/ai.descriptor.js';
import { AUTH_CONTEXT } from './auth/src/contract/auth.descriptor.js';
import { GATEWAY_APP } from './gateway/src/gateway.descriptor.js';
import { TODOS_CONTEXT } from './todos/src/contract/todos.descriptor.js';

/**
 * The registration list: every app of Ficus, the edge and one per context. The platform (through
 * each app's definition) and the tools are handed this list and derive from it who calls what,
 * the read patterns and the event routes; adding a context is its own files plus one line here.
 */
export const FICUS_APPS: AppRegistry = {
  edge: GATEWAY_APP,
  contexts: [AUTH_CONTEXT, TODOS_CONTEXT, AI_CONTEXT],
};
