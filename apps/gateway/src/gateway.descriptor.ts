import type { AppDescriptor } from '@ficus/common';
import { AI_PATTERNS } from '@ficus/contracts/ai';
import { AUTH_EVENTS, AUTH_PATTERNS } from '@ficus/contracts/auth';
import { TODOS_EVENTS, TODOS_PATTERNS } from '@ficus/contracts/todos';

/** What the gateway calls: every method of the contexts it serves over HTTP. Its bindings take their patterns from here. */
export const GATEWAY_CALLS = { auth: AUTH_PATTERNS, todos: TODOS_PATTERNS, ai: AI_PATTERNS } as const;

/**
 * The gateway as the platform and the tools know it (registered in apps/contexts.ts as the
 * edge): it calls GATEWAY_CALLS, and reads the todos and auth events live for its WebSocket
 * clients (GET /ws: todo changes, ended sessions).
 */
export const GATEWAY_APP: AppDescriptor = {
  name: 'gateway',
  calls: GATEWAY_CALLS,
  events: { publishes: [], readsLive: [TODOS_EVENTS, AUTH_EVENTS], consumes: [] },
};
