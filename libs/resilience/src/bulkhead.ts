import { BulkheadRejectedError } from './errors.js';

/** Concurrency limit of one dependency. */
export interface BulkheadOptions {
  /** Calls running at once. */
  maxConcurrent: number;
  /** Calls waiting for a free slot; any call beyond is rejected at once. */
  maxQueued: number;
}

interface Waiter {
  start(): void;
  abandon(reason: unknown): void;
}

/**
 * Caps the calls running against one dependency, with a small FIFO queue, so that a slow
 * dependency ties up a bounded share of the process and excess load fails fast.
 */
export class Bulkhead {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly dependency: string,
    private readonly options: BulkheadOptions,
  ) {}

  /** Calls running now. */
  get active(): number {
    return this.running;
  }

  /** Calls waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `work` when a slot is free and frees the slot when it settles, however it settles.
   * Rejects with {@link BulkheadRejectedError} when all slots and queue places are taken, and
   * with the signal's reason when `signal` aborts while the call waits.
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.options.maxConcurrent) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.maxQueued) {
      return Promise.reject(new BulkheadRejectedError(this.dependency, this.options.maxConcurrent, this.options.maxQueued));
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => waiter.abandon(signal?.reason);
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        abandon: (reason) => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(reason);
        },
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `running` stays as it is.
    if (next) next.start();
    else this.running -= 1;
  }
}
