import { withTimeout } from './timeout.js';

/** An outbound operation; it must pass `signal` on (e.g. to fetch) so that giving up aborts it. */
export type GuardedOperation<T> = (signal: AbortSignal) => Promise<T>;

/**
 * Runs one attempt of `operation` with its own AbortSignal, which aborts with a `TimeoutError`
 * after `timeoutMs` (and the attempt rejects with it even if the operation ignores the signal),
 * or with the caller's reason when `callerSignal` aborts.
 */
export async function runAttempt<T>(
  operation: GuardedOperation<T>,
  timeoutMs: number,
  dependency: string,
  callerSignal?: AbortSignal,
): Promise<T> {
  callerSignal?.throwIfAborted();
  const controller = new AbortController();
  const forwardAbort = (): void => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', forwardAbort, { once: true });
  const aborted = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  // The executor turns a synchronous throw into a rejection like any other failure.
  const work = new Promise<T>((resolve) => resolve(operation(controller.signal)));
  // Once we have given up, the operation's own late failure must not surface as unhandled.
  work.catch(() => undefined);
  try {
    return await withTimeout(Promise.race([work, aborted]), timeoutMs, dependency);
  } catch (error) {
    if (!controller.signal.aborted) controller.abort(error);
    throw error;
  } finally {
    callerSignal?.removeEventListener('abort', forwardAbort);
  }
}
