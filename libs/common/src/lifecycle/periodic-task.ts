/**
 * Background work on an interval (purging expired rows, say): never two runs at once (a slow
 * run is not started again), never keeping the process alive, and `stop()` waits for a run in
 * progress so shutdown does not close the database under it. A failed run is reported to
 * `onError` and tried again at the next interval.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.work()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
      });
  }
}
