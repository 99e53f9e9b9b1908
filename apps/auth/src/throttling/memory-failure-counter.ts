import type { AuthClock } from '../auth.clock.js';
import { FailureCounter, type FailureCount } from './failure-counter.js';

interface Window {
  count: number;
  endsAt: number;
}

/** Past this many keys, ended windows are swept on the next write, so the map cannot grow without bound. */
const SWEEP_THRESHOLD = 10_000;

/**
 * Attempt counts in this process only: for the single-process `npm start` without Redis. Each
 * method reads and writes without awaiting in between, so on one event loop it is as atomic as
 * the Redis scripts.
 */
export class MemoryFailureCounter extends FailureCounter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: AuthClock) {
    super();
  }

  async reserve(keys: readonly string[], windowMs: number): Promise<FailureCount[]> {
    const now = this.clock.now().getTime();
    if (this.windows.size > SWEEP_THRESHOLD) this.sweep(now);
    return keys.map((key) => {
      const open = this.live(key, now);
      const window = open ? { ...open, count: open.count + 1 } : { count: 1, endsAt: now + windowMs };
      this.windows.set(key, window);
      return { count: window.count, resetInMs: window.endsAt - now };
    });
  }

  async release(keys: readonly string[]): Promise<void> {
    const now = this.clock.now().getTime();
    for (const key of keys) {
      const window = this.live(key, now);
      if (!window) continue;
      if (window.count > 1) this.windows.set(key, { ...window, count: window.count - 1 });
      else this.windows.delete(key);
    }
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private live(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    return window && window.endsAt > now ? window : undefined;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
