import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import { setupSwagger } from '../docs/swagger.js';
import { createFastifyAdapter } from '../http/fastify-adapter.js';
import { configureHttp } from '../http/configure-http.js';
import { PlatformModule } from './platform.module.js';

/** What an app consists of; see `bootstrap`. */
export interface AppDefinition<C extends AppConfig = AppConfig> {
  /** Short name: log name, metrics prefix, docs title. */
  name: string;
  /** The app's own root module; the platform is added around it. */
  module: Type<unknown> | DynamicModule;
  /** Config schema, when the app needs keys beyond the platform's. */
  configSchema?: Type<C>;
}

export interface CreateAppOptions<C extends AppConfig> {
  /** An already-validated config; otherwise it is loaded from `env`. */
  config?: C;
  env?: NodeJS.ProcessEnv;
  /** Where log lines go instead of stdout. */
  logDestination?: DestinationStream;
}

@Module({})
class FicusApplication {}

/**
 * Builds and initialises an app (platform + the app's module) without listening.
 * `bootstrap` uses it for real processes; tests use it to get the identical app.
 */
export async function createApp<C extends AppConfig>(
  definition: AppDefinition<C>,
  options: CreateAppOptions<C> = {},
): Promise<NestFastifyApplication> {
  const config = options.config ?? loadConfig(definition.configSchema ?? AppConfig, options.env);
  const app = await NestFactory.create<NestFastifyApplication>(
    { module: FicusApplication, imports: [PlatformModule.forRoot(definition.name, config, options.logDestination), definition.module] },
    createFastifyAdapter(config),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await configureHttp(app);
  if (config.DOCS_ENABLED) setupSwagger(app, definition.name);
  await app.init();
  return app;
}
