import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import type { ContextName } from '../config/contexts.js';
import { hostingProblems } from '../config/hosting-requirements.js';
import { registerApps } from '../contracts/app-registry.js';
import type { AppRegistry } from '../contracts/context-descriptor.js';
import type { ApiDocs } from '../docs/api-docs.js';
import { openApiDocument } from '../docs/openapi-document.js';
import { setupSwagger } from '../docs/swagger.js';
import { createFastifyAdapter } from '../http/fastify-adapter.js';
import { configureHttp } from '../http/configure-http.js';
import { cancelController } from '../transport/cancel.controller.js';
import { CancellationInterceptor } from '../transport/cancellation.interceptor.js';
import { DeadlineInterceptor } from '../transport/deadline.interceptor.js';
import { MessageTracingInterceptor } from '../transport/message-tracing.interceptor.js';
import { ReplySigningInterceptor } from '../transport/reply-signing.interceptor.js';
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
   * Every app of the deployment (apps/contexts.ts): what the platform knows of the contexts —
   * who may call what, which calls only read, which events go where — comes from here.
   */
  apps: AppRegistry;
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
  /**
   * The contexts the app calls through their facades (its `ContextFacadesModule` bindings):
   * those on `local` transport run in it, and the configuration must have what they need.
   */
  uses?: readonly ContextName[];
  /** The HTTP API the app publishes: only an app with one serves `/docs` and `/docs-json`. */
  docs?: ApiDocs;
}

export interface CreateAppOptions<C extends AppConfig> {
  /** An already-validated config; otherwise it is loaded from `env`. */
  config?: C;
  env?: NodeJS.ProcessEnv;
  /** Where log lines go instead of stdout. */
  logDestination?: DestinationStream;
  /**
   * `defer`: an app serving a context does not start taking messages yet (`bootstrap` starts
   * its HTTP port first, so probes answer while the transport waits for its server). Default:
   * messages are taken before `createApp` returns.
   */
  transport?: 'start' | 'defer';
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
  registerApps(definition.apps);
  const config = options.config ?? loadAppConfig(definition, options.env);
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModule(definition, config, options.logDestination),
    createFastifyAdapter(config),
    // Request bodies are the platform's own business: JSON only (see acceptOnlyJsonBodies).
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await configureHttp(app);
  if (config.DOCS_ENABLED && definition.docs) setupSwagger(app, definition.docs);
  await app.init();
  if (definition.serves) {
    // After init: the HTTP routes are registered, so the message interceptors reach only the
    // message handlers, which connectMicroservice registers now.
    useMessageInterceptors(app);
    // inheritAppConfig: message handlers get the same global filter, pipe, guards and interceptors.
    const server = serverOptionsFor(definition.serves, config, new InboundRejections());
    app.connectMicroservice(server, { inheritAppConfig: true });
    registerServerReadiness(server, app.get(ReadinessRegistry));
  }
  // Messages are taken only once every module is initialised (database connected, …).
  if (definition.serves && options.transport !== 'defer') await app.startAllMicroservices();
  return app;
}

/**
 * Every message handler's interceptors, in order: in the message's span (when tracing; first, so
 * that the others run inside it), cancellable by its caller, within the
 * caller's deadline, its reply signed. Added as global interceptors once the HTTP routes have
 * been registered (Nest resolves a route's interceptors when it registers it), so HTTP requests
 * run without any interceptor — no rxjs pipeline per request — while every message handler
 * registered afterwards gets all four.
 */
function useMessageInterceptors(app: NestFastifyApplication): void {
  app.useGlobalInterceptors(app.get(MessageTracingInterceptor), app.get(CancellationInterceptor), app.get(DeadlineInterceptor), app.get(ReplySigningInterceptor));
}

/**
 * The app's configuration from `env`: valid, with everything the contexts running in it need
 * (see `hostingProblems`) and the keys its messages to and from other apps need (see
 * `serviceTrustProblems`). Throws one ConfigError listing every bad or missing key.
 */
export function loadAppConfig<C extends AppConfig>(definition: AppDefinition<C>, env: NodeJS.ProcessEnv = process.env): C {
  registerApps(definition.apps);
  return loadConfig((definition.configSchema ?? AppConfig) as new () => C, env, (config) => [
    ...hostingProblems(config, definition),
    ...serviceTrustProblems(definition.name, definition.serves, config),
  ]);
}

/** The platform around the app's own module: the same in `createApp` and `describeApp`. */
function rootModule(definition: AppDefinition<AppConfig>, config: AppConfig, logDestination?: DestinationStream): DynamicModule {
  return {
    module: FicusApplication,
    imports: [PlatformModule.forRoot(definition.name, config, logDestination), composedFor(definition.module, config)],
    controllers: definition.serves ? [contextPingController(definition.serves), cancelController(definition.serves)] : [],
  };
}

/**
 * The OpenAPI document of an app that publishes one, without running it: the app is composed
 * in Nest's preview mode (no provider is created, so nothing connects anywhere) with the
 * default configuration, which is what the running app documents too.
 */
export async function describeApp(definition: AppDefinition): Promise<OpenAPIObject> {
  if (!definition.docs) throw new Error(`The ${definition.name} app publishes no API docs`);
  registerApps(definition.apps);
  const config = loadConfig(definition.configSchema ?? AppConfig, {});
  const app = await NestFactory.create<NestFastifyApplication>(rootModule(definition, config), createFastifyAdapter(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return openApiDocument(app, definition.docs);
  } finally {
    await app.close();
  }
}

interface ConfigurableModule {
  forConfig(config: AppConfig): DynamicModule;
}

function composedFor(module: Type<unknown> | DynamicModule, config: AppConfig): Type<unknown> | DynamicModule {
  const configurable = module as Partial<ConfigurableModule>;
  return typeof configurable.forConfig === 'function' ? configurable.forConfig(config) : module;
}
