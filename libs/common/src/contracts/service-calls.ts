import type { ContextName } from '../config/contexts.js';
import { registeredApps } from './app-registry.js';
import { appNamesOf, type CalledPatterns } from './context-descriptor.js';

/** An app's name: the edge's, or a context's (each context is served by the app of its name). */
export type AppName = string;

/** The registered apps' names: the edge first, then one per context, in registration order. */
export function appNames(): AppName[] {
  return appNamesOf(registeredApps());
}

/** The registered contexts' names, in registration order. */
export function contextNames(): ContextName[] {
  return registeredApps().contexts.map((context) => context.name);
}

/**
 * Which facade methods each app calls on which context, from the registered apps (see
 * registerApps). A context app refuses any message from an app for a pattern not listed under
 * it (403 `service.forbidden`), so an app whose key leaked can do no more than its code does
 * (and for no caller the gateway did not vouch for, see CallerAttestations). Each app may also
 * ping and cancel what it calls.
 */
export function serviceCalls(): ReadonlyMap<string, Readonly<Record<string, CalledPatterns>>> {
  const { edge, contexts } = registeredApps();
  return new Map([edge, ...contexts].filter((app) => app.calls !== undefined).map((app) => [app.name, app.calls ?? {}]));
}

/** The contexts the app `app` calls (none for an app that calls no other). */
export function contextsCalledBy(app: string): ContextName[] {
  return Object.keys(serviceCalls().get(app) ?? {}) as ContextName[];
}

/**
 * The contexts a call to `context` may reach: the context itself and, transitively, every
 * context its app calls (a call to a context that calls another may lead there).
 */
export function contextsReachedThrough(context: ContextName): ContextName[] {
  const reached = new Set<ContextName>([context]);
  for (const next of reached) for (const callee of contextsCalledBy(next)) reached.add(callee);
  return [...reached];
}

/**
 * The facade patterns of `context` that only read (its descriptor's `readMethods`; none for a
 * context whose every call costs or changes something, such as a model call). A repeated
 * one changes nothing, so while the replay cache cannot answer they pass unchecked, as rate
 * limiting fails open for reads; everything else is refused.
 */
export function readPatterns(context: string): string[] {
  const descriptor = registeredApps().contexts.find((candidate) => candidate.name === context);
  if (!descriptor) return [];
  const patterns: CalledPatterns = descriptor.contract.patterns;
  return Object.keys(descriptor.readMethods ?? {}).map((method) => patterns[method]);
}
