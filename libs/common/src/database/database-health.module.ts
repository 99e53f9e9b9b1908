import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { DEFAULT_PING_TIMEOUT_MS, pingDatabase } from './ping.js';

const DATABASE_PROBE = Symbol('DATABASE_PROBE');

/**
 * `/ready` includes the database when `DATABASE_URL` is set. The probe has its own one-connection
 * pool so a saturated application pool shows as slow data access, not as a dead database.
 */
@Module({
  providers: [
    {
      provide: DATABASE_PROBE,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Pool | null =>
        config.DATABASE_URL ? new Pool({ connectionString: config.DATABASE_URL, max: 1, idleTimeoutMillis: 30_000, connectionTimeoutMillis: DEFAULT_PING_TIMEOUT_MS }) : null,
    },
  ],
})
export class DatabaseHealthModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE_PROBE) private readonly pool: Pool | null,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    const pool = this.pool;
    if (!pool) return;
    // A failed idle connection must not crash the process; the next probe reports it.
    pool.on('error', () => undefined);
    this.readiness.register('database', () => pingDatabase(pool));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
