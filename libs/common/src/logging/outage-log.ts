import { Logger } from '@nestjs/common';

/** How often an ongoing outage is logged again. */
const OUTAGE_LOG_INTERVAL_MS = 10_000;

/**
 * Logs a dependency outage seen on a hot path (every request hits it while the store is down):
 * one error line per 10 s with the failure's message, not one per request.
 */
export class OutageLog {
  private readonly logger: Logger;
  private lastLogged = 0;

  /** @param context - the logging class's name; `describe` says what is down and what that means, given the failure's message */
  constructor(
    context: string,
    private readonly describe: (reason: string) => string,
  ) {
    this.logger = new Logger(context);
  }

  report(error: unknown): void {
    if (Date.now() - this.lastLogged <= OUTAGE_LOG_INTERVAL_MS) return;
    this.lastLogged = Date.now();
    this.logger.error(this.describe(error instanceof Error ? error.message : String(error)));
  }
}
