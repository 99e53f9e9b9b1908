import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig, contextDatabaseSettings, createPrismaAdapter } from '@ficus/common';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';

/**
 * The auth context's Prisma client on its own pool (schema `auth`, `AUTH_DATABASE_URL` else
 * `DATABASE_URL`). Read from the injected config rather than the environment, so an app built
 * with an explicit configuration (tests, the launcher) gets that configuration's database.
 */
@Injectable()
export class AuthPrismaClient extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  constructor(config: AppConfig) {
    super({ adapter: createPrismaAdapter(contextDatabaseSettings(config, 'auth')) });
  }

  /** Connects at start-up so a wrong URL fails the start, not the first request. */
  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  /** After every module's destroy hook: background work that still writes has finished by then. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}

/** The transaction client handed to `$transaction(async (tx) => …)` callbacks. */
export type AuthTransaction = Prisma.TransactionClient;
