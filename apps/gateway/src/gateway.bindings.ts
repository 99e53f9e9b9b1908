import type { ContextBinding } from '@ficus/common';
import { AUTH_FACADE, type AuthFacade } from '@ficus/contracts/auth';
import { TODOS_FACADE, type TodosFacade } from '@ficus/contracts/todos';
import { AI_FACADE, AI_STREAMING_METHODS, type AiFacade } from '@ficus/contracts/ai';
import { AiContextModule } from '../../ai/src/ai.context.js';
import { AuthContextModule } from '../../auth/src/auth.context.js';
import { TodosContextModule } from '../../todos/src/todos.context.js';
import { GATEWAY_CALLS } from './gateway.descriptor.js';

/**
 * The contexts the gateway serves and how to reach each: in this process (their context
 * module) or remotely (their patterns), per `<CONTEXT>_TRANSPORT`. The only place the gateway
 * touches a context's code; everything else injects facades. The patterns are the gateway's
 * rights (its descriptor's `calls`): the context apps accept from it exactly what it calls.
 */
export const authBinding: ContextBinding<AuthFacade> = {
  context: 'auth',
  token: AUTH_FACADE,
  patterns: GATEWAY_CALLS.auth,
  local: AuthContextModule,
};

export const todosBinding: ContextBinding<TodosFacade> = {
  context: 'todos',
  token: TODOS_FACADE,
  patterns: GATEWAY_CALLS.todos,
  local: TodosContextModule,
};

/** ai waits for a model: its calls get the AI budget instead of REMOTE_CALL_TIMEOUT_MS. */
export const aiBinding: ContextBinding<AiFacade> = {
  context: 'ai',
  token: AI_FACADE,
  patterns: GATEWAY_CALLS.ai,
  local: AiContextModule,
  callTimeoutMs: (config) => config.AI_REQUEST_TIMEOUT_MS,
  streaming: AI_STREAMING_METHODS,
  // A model may think for a whole attempt before its next token.
  streamIdleTimeoutMs: (config) => config.AI_UPSTREAM_TIMEOUT_MS + config.REMOTE_CALL_TIMEOUT_MS,
};

export const GATEWAY_CONTEXTS = [authBinding, todosBinding, aiBinding] as const;
