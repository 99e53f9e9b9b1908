import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@ficus/common';
import { PinoLogger } from 'nestjs-pino';
import { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository.js';

/**
 * Deletes idempotency keys older than TODOS_IDEMPOTENCY_TTL_S, every TODOS_CLEANUP_INTERVAL_S.
 * Creates already ignore expired keys, so this only bounds the table. Idempotent, so several
 * instances may run it at once.
 */
@Injectable()
export class IdempotencyKeysCleanup implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    private readonly logger: PinoLogger,
    private readonly config: AppConfig,
  ) {
    logger.setContext(IdempotencyKeysCleanup.name);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => this.scheduled(), this.config.TODOS_CLEANUP_INTERVAL_S * 1000);
    // A pending cleanup must never keep the process alive.
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes every expired key now; returns how many. */
  purgeExpired(): Promise<number> {
    return this.keys.purgeBefore(new Date(Date.now() - this.config.TODOS_IDEMPOTENCY_TTL_S * 1000));
  }

  private scheduled(): void {
    // A slow purge is not started twice.
    if (this.running) return;
    this.running = this.purgeExpired()
      .then((purged) => {
        if (purged > 0) this.logger.info({ purged }, 'Deleted expired idempotency keys');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'Deleting expired idempotency keys failed; retrying at the next interval'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
