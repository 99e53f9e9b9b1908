import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

/**
 * Work a call starts but does not wait for, so the answer does not depend on it (password
 * reset mail: the caller must not learn from the response time whether an account exists).
 * Failures are logged; shutdown waits for work in flight before the database pool closes.
 */
@Injectable()
export class BackgroundWork implements OnModuleDestroy {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly logger: PinoLogger) {
    logger.setContext(BackgroundWork.name);
  }

  /** Starts `task` now; `name` and `requestId` label its failure in the log. */
  run(name: string, requestId: string, task: () => Promise<void>): void {
    const running: Promise<void> = task()
      .catch((error: unknown) => this.logger.error({ err: error, requestId, task: name }, `Background task ${name} failed`))
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
  }

  /** Resolves once no task is in flight (tests use it to wait for a mail). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled(this.pending);
  }

  async onModuleDestroy(): Promise<void> {
    await this.settled();
  }
}
