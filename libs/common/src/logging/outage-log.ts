import { Logger } from '@nestjs/common';

/** How often an ongoing outage is logged again. */
const OUTAGE_LOG_INTERVAL_MS = 10_000;

/**
 * Logs a dependency outage seen on a hot path (every request hits it while the store is down):
 * one error line per 10 s with the failure's message, not one per request. An owner that sees
 * the dependency answer again calls `recovered()`, which logs the end of a logged outage once.
 */
export class OutageLog {
  private readonly logger: Logger;
  private lastLogged = 0;
  /** Failures were reported since the last recovery… */
  private ongoing = false;
  /** …and at least one of them was logged, so the recovery is worth a line. */
  private logged = false;

  /**
   * @param context - the logging class's name; `describe` says what is down and what that means, given the failure's message
   * @param recovery - the line `recovered()` logs, e.g. "Store available again"
   */
  constructor(
    context: string,
    private readonly describe: (reason: string) => string,
    private readonly recovery?: string,
  ) {
    this.logger = new Logger(context);
  }

  report(error: unknown): void {
    this.ongoing = true;
    if (Date.now() - this.lastLogged <= OUTAGE_LOG_INTERVAL_MS) return;
    this.lastLogged = Date.now();
    this.logged = true;
    this.logger.error(this.describe(error instanceof Error ? error.message : String(error)));
  }

  /** The dependency answered again: ends the outage, with the recovery line if it was logged. */
  recovered(): void {
    if (!this.ongoing) return;
    if (this.logged && this.recovery) this.logger.log(this.recovery);
    this.ongoing = false;
    this.logged = false;
  }
}
