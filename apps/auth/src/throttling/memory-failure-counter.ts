import type { AuthClock } from '../auth.clock.js';
import { FailureCounter, type FailureCount } from './failure-counter.js';

interface Window {
  count: number;
  endsAt: number;
}

/** Past this many keys, ended windows are swept on the next write, so the map cannot grow without bound. */
const SWEEP_THRESHOLD = 10_000;

/** Failure counts in this process only: for the single-process `npm start` without Redis. */
export class MemoryFailureCounter extends FailureCounter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: AuthClock) {
    super();
  }

  async peek(keys: readonly string[]): Promise<FailureCount[]> {
    const now = this.clock.now().getTime();
    return keys.map((key) => {
      const window = this.windows.get(key);
      return window && window.endsAt > now ? { count: window.count, resetInMs: window.endsAt - now } : { count: 0, resetInMs: 0 };
    });
  }

  async increment(keys: readonly string[], windowMs: number): Promise<void> {
    const now = this.clock.now().getTime();
    if (this.windows.size > SWEEP_THRESHOLD) this.sweep(now);
    for (const key of keys) {
      const window = this.windows.get(key);
      if (window && window.endsAt > now) window.count += 1;
      else this.windows.set(key, { count: 1, endsAt: now + windowMs });
    }
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
