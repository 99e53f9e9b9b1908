import { CONTEXTS, type ContextName } from '../config/contexts.js';
import { AI_PATTERNS } from '../../../../apps/ai/src/contract/ai.facade.js';
import { AUTH_PATTERNS, AUTH_READ_METHODS } from '../../../../apps/auth/src/contract/auth.facade.js';
import type { FacadePatterns } from './call-context.js';
import { TODOS_PATTERNS, TODOS_READ_METHODS, type TodosFacade } from '../../../../apps/todos/src/contract/todos.facade.js';

/** The Ficus apps: the HTTP gateway, and one app per context, named after the context it serves. */
export const APPS = ['gateway', ...CONTEXTS] as const;
export type AppName = (typeof APPS)[number];

/** What the ai context does with todos: it reads them and creates subtasks, as the caller. */
export type AiTodosFacade = Pick<TodosFacade, 'get' | 'list' | 'create'>;

/** The todos methods the ai context calls, and their patterns. */
export const AI_TODOS_PATTERNS: FacadePatterns<AiTodosFacade> = { get: TODOS_PATTERNS.get, list: TODOS_PATTERNS.list, create: TODOS_PATTERNS.create };

/**
 * Which facade methods each app calls on which context. The apps' bindings take their patterns
 * from here, so an app's code can call nothing else; a context app refuses any message from an
 * app for a pattern not listed under it (403 `service.forbidden`), so an app whose key leaked
 * can do no more than its code does (and for no caller the gateway did not vouch for, see
 * CallerAttestations). Each app may also ping and cancel what it calls.
 */
export const SERVICE_CALLS = {
  gateway: { auth: AUTH_PATTERNS, todos: TODOS_PATTERNS, ai: AI_PATTERNS },
  ai: { todos: AI_TODOS_PATTERNS },
} as const satisfies Partial<Record<AppName, Partial<Record<ContextName, Readonly<Record<string, string>>>>>>;

/** The contexts the app `app` calls (none for an app that calls no other). */
export function contextsCalledBy(app: string): ContextName[] {
  const calls: Partial<Record<string, object>> = SERVICE_CALLS;
  return Object.keys(calls[app] ?? {}) as ContextName[];
}

/**
 * The contexts a call to `context` may reach: the context itself and, transitively, every
 * context its app calls (a call to ai may lead to todos).
 */
export function contextsReachedThrough(context: ContextName): ContextName[] {
  const reached = new Set<ContextName>([context]);
  for (const next of reached) for (const callee of contextsCalledBy(next)) reached.add(callee);
  return [...reached];
}

/** The patterns of `methods` (those marked true). */
const patternsOf = <F>(patterns: FacadePatterns<F>, methods: { readonly [K in keyof F]?: true }): string[] =>
  (Object.keys(methods) as (keyof F)[]).map((method) => patterns[method]);

/**
 * Per context, the facade patterns that only read (the ai context's answers are not among them:
 * each costs a model call). A repeated one changes nothing, so while the replay cache cannot
 * answer they pass unchecked, as rate limiting fails open for reads; everything else is refused.
 */
export const READ_PATTERNS: Readonly<Record<ContextName, readonly string[]>> = {
  auth: patternsOf(AUTH_PATTERNS, AUTH_READ_METHODS),
  todos: patternsOf(TODOS_PATTERNS, TODOS_READ_METHODS),
  ai: [],
};
