import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig, PeriodicTask } from '@ficus/common';
import { PinoLogger } from 'nestjs-pino';
import { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository.js';

/**
 * Deletes idempotency keys older than TODOS_IDEMPOTENCY_TTL_S, every TODOS_CLEANUP_INTERVAL_S.
 * Creates already ignore expired keys, so this only bounds the table. Idempotent, so several
 * instances may run it at once.
 */
@Injectable()
export class IdempotencyKeysCleanup implements OnModuleInit, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    private readonly logger: PinoLogger,
    private readonly config: AppConfig,
  ) {
    logger.setContext(IdempotencyKeysCleanup.name);
    this.task = new PeriodicTask(
      async () => {
        const purged = await this.purgeExpired();
        if (purged > 0) this.logger.info({ purged }, 'Deleted expired idempotency keys');
      },
      config.TODOS_CLEANUP_INTERVAL_S * 1000,
      (error) => this.logger.error({ err: error }, 'Deleting expired idempotency keys failed; retrying at the next interval'),
    );
  }

  onModuleInit(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** Deletes every expired key now; returns how many. */
  purgeExpired(): Promise<number> {
    return this.keys.purgeBefore(new Date(Date.now() - this.config.TODOS_IDEMPOTENCY_TTL_S * 1000));
  }
}
