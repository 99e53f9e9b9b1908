/** Attempts counted under one key in its current window. */
export interface FailureCount {
  count: number;
  /** Milliseconds until the window ends and the count starts again from zero (0 when no window is open). */
  resetInMs: number;
}

/**
 * Counts password attempts per key in fixed windows: the first attempt opens a window of
 * `windowMs`, later ones add to it, and it is forgotten when it ends — throttling, never a
 * permanent lockout. An attempt is counted before its password is checked (`reserve`), so
 * parallel attempts cannot all pass a check made before any of them was counted; attempts that
 * turn out not to count (refused, or successful) are handed back with `release`.
 * Implemented in Redis (shared by every instance) or in memory (one process).
 */
export abstract class FailureCounter {
  /** Adds one to each key, opening a window of `windowMs` where none is open; resolves to the new counts, in order. */
  abstract reserve(keys: readonly string[], windowMs: number): Promise<FailureCount[]>;
  /** Takes one back from each key that still has a count; never goes below zero or opens a window. */
  abstract release(keys: readonly string[]): Promise<void>;
  /** Forgets the count of `key`. */
  abstract reset(key: string): Promise<void>;
}
