/** Failures counted under one key in its current window. */
export interface FailureCount {
  count: number;
  /** Milliseconds until the window ends and the count starts again from zero (0 when no window is open). */
  resetInMs: number;
}

/**
 * Counts failures per key in fixed windows: the first failure opens a window of `windowMs`,
 * later failures add to it, and it is forgotten when it ends — throttling, never a permanent
 * lockout. Implemented in Redis (shared by every instance) or in memory (one process).
 */
export abstract class FailureCounter {
  /** The current counts of `keys`, in the same order. */
  abstract peek(keys: readonly string[]): Promise<FailureCount[]>;
  /** Adds one failure to each key, opening a window of `windowMs` where none is open. */
  abstract increment(keys: readonly string[], windowMs: number): Promise<void>;
  /** Forgets the failures of `key`. */
  abstract reset(key: string): Promise<void>;
}
