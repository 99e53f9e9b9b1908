import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request being served, for every log line written while serving it (the platform
 * logger's mixin reads it). One AsyncLocalStorage holding a string: no child logger per request.
 */
const requestIds = new AsyncLocalStorage<string>();

/** Runs `next` (and everything it starts) as part of request `id`. */
export function runInRequest(id: string, next: () => void): void {
  requestIds.run(id, next);
}

/** The id of the request the caller is serving, if any. */
export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}

/**
 * Runs `work` as part of request `id` — or of no request at all when `id` is undefined — whatever
 * request the caller is serving: for work done on behalf of another request (an event handler
 * runs for the request that caused the event), so its lines carry that request's id only.
 */
export function withRequestId<T>(id: string | undefined, work: () => T): T {
  return id === undefined ? requestIds.exit(work) : requestIds.run(id, work);
}
