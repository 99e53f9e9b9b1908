import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import type { ContextName } from '../config/contexts.js';
import { ConfigError } from '../config/load-config.js';
import { setupSwagger } from '../docs/swagger.js';
import { createFastifyAdapter } from '../http/fastify-adapter.js';
import { configureHttp } from '../http/configure-http.js';
import { cancelController } from '../transport/cancel.controller.js';
import { contextPingController } from '../transport/context-ping.controller.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { InboundRejections } from '../transport/inbound-rejections.js';
import { serviceTrustProblems } from '../transport/service-trust.config.js';
import { registerServerReadiness, serverOptionsFor } from '../transport/transport-options.js';
import { PlatformModule } from './platform.module.js';

/** What an app consists of; see `bootstrap`. */
export interface AppDefinition<C extends AppConfig = AppConfig> {
  /** Short name: log name, metrics prefix, docs title. */
  name: string;
  /**
   * The app's own root module; the platform is added around it. A root module with a static
   * `forConfig(config)` is composed from the validated config (which contexts run in-process).
   */
  module: Type<unknown> | DynamicModule;
  /**
   * The context this app serves to other apps over its transport (`<CONTEXT>_TRANSPORT`: NATS
   * by default, or TCP), next to its HTTP port for health, readiness and metrics.
   */
  serves?: ContextName;
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
  const config = options.config ?? (loadConfig(definition.configSchema ?? AppConfig, options.env) as C);
  const appModule = composedFor(definition.module, config);
  const trustProblems = serviceTrustProblems(definition.name, definition.serves, config);
  if (trustProblems.length > 0) throw new ConfigError(trustProblems);
  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: FicusApplication,
      imports: [PlatformModule.forRoot(definition.name, config, options.logDestination), appModule],
      controllers: definition.serves ? [contextPingController(definition.serves), cancelController(definition.serves)] : [],
    },
    createFastifyAdapter(config),
    // Request bodies are the platform's own business: JSON only (see acceptOnlyJsonBodies).
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await configureHttp(app);
  if (config.DOCS_ENABLED) setupSwagger(app, definition.name);
  if (definition.serves) {
    // inheritAppConfig: message handlers get the same global filter, pipe, guards and interceptors.
    const server = serverOptionsFor(definition.serves, config, new InboundRejections());
    app.connectMicroservice(server, { inheritAppConfig: true });
    registerServerReadiness(server, app.get(ReadinessRegistry));
  }
  await app.init();
  // Messages are taken only once every module is initialised (database connected, …).
  if (definition.serves) await app.startAllMicroservices();
  return app;
}

interface ConfigurableModule {
  forConfig(config: AppConfig): DynamicModule;
}

function composedFor(module: Type<unknown> | DynamicModule, config: AppConfig): Type<unknown> | DynamicModule {
  const configurable = module as Partial<ConfigurableModule>;
  return typeof configurable.forConfig === 'function' ? configurable.forConfig(config) : module;
}
