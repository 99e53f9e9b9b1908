/**
 * A loop's alarm clock: `sleep(ms)` resolves after `ms` or at the next `wake()`, whichever comes
 * first. A wake while nobody sleeps is kept for the next sleep, so no wake-up is ever lost
 * between "found nothing to do" and "went to sleep".
 */
export class Wakeup {
  private pending = false;
  private resolveSleep?: () => void;

  wake(): void {
    if (this.resolveSleep) this.resolveSleep();
    else this.pending = true;
  }

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.resolveSleep = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.resolveSleep = done;
    });
  }
}

/** Equal-jitter exponential back-off: half of a ceiling that doubles per failure, up to `maxMs`, plus up to as much again at random. */
export function backoffMs(failures: number, firstMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, firstMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
