import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../config/app-config.js';
import { registeredApps } from '../contracts/app-registry.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { DEFAULT_PING_TIMEOUT_MS, pingDatabase } from './ping.js';

const DATABASE_PROBES = Symbol('DATABASE_PROBES');

/** One readiness probe per distinct database: `database`, plus `database:<context>` for own ones. */
export function databaseProbeTargets(config: AppConfig): Map<string, string> {
  const targets = new Map<string, string>();
  if (config.DATABASE_URL) targets.set(config.DATABASE_URL, 'database');
  for (const { name: context } of registeredApps().contexts) {
    const url = config.databaseUrlFor(context);
    if (url && !targets.has(url)) targets.set(url, `database:${context}`);
  }
  return targets;
}

/**
 * `/ready` includes every configured database (`DATABASE_URL` and any `<CONTEXT>_DATABASE_URL`
 * that differs). Each probe has its own one-connection pool, so a saturated application pool
 * shows as slow data access, not as a dead database.
 */
@Module({
  providers: [
    {
      provide: DATABASE_PROBES,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Map<string, Pool> =>
        new Map(
          [...databaseProbeTargets(config)].map(([url, name]) => [
            name,
            new Pool({ connectionString: url, max: 1, idleTimeoutMillis: 30_000, connectionTimeoutMillis: DEFAULT_PING_TIMEOUT_MS }),
          ]),
        ),
    },
  ],
})
export class DatabaseHealthModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE_PROBES) private readonly pools: Map<string, Pool>,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    for (const [name, pool] of this.pools) {
      // A failed idle connection must not crash the process; the next probe reports it.
      pool.on('error', () => undefined);
      this.readiness.register(name, () => pingDatabase(pool));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
  }
}
