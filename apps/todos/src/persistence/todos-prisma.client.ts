import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig, contextDatabaseSettings, createContextPool, createPrismaAdapter, type ContextPool } from '@ficus/common';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';

/** The todos context's Postgres schema, named after the context like every context's. */
export const TODOS_SCHEMA = 'todos';

/**
 * The todos context's Prisma client on its own pool (schema `todos`, `TODOS_DATABASE_URL` else
 * `DATABASE_URL`). Read from the injected config rather than the environment, so an app built
 * with an explicit configuration (tests, the launcher) gets that configuration's database.
 *
 * The pg pool under Prisma is also `pool`, for the hot reads the repository runs as plain SQL
 * (Prisma's client-side query engine costs ≈ 0.15–0.25 ms of CPU per query on top of pg; see
 * docs/benchmarks.md). One pool, so DATABASE_POOL_SIZE still bounds the context's connections.
 */
@Injectable()
export class TodosPrismaClient extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  readonly pool: ContextPool;

  constructor(config: AppConfig) {
    const settings = contextDatabaseSettings(config, 'todos');
    const pool = createContextPool(settings);
    // $disconnect ends the shared pool.
    super({ adapter: createPrismaAdapter(settings, pool) });
    this.pool = pool;
  }

  /** Connects at start-up so a wrong URL fails the start, not the first request. */
  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  /** After every module's destroy hook: the cleanup that still writes has finished by then. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}

/** The transaction client handed to `$transaction(async (tx) => …)` callbacks. */
export type TodosTransaction = Prisma.TransactionClient;
