import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { ResilienceRegistry } from '@ficus/resilience';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import type { ContextName } from '../config/contexts.js';
import type { CallContext, FacadePatterns } from '../contracts/call-context.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { RemoteContextClient } from './remote-context.client.js';
import { ServiceCredentials } from './service-credentials.js';
import { createContextClient, subjectFor } from './transport-options.js';

/** The facade methods that stream (a map rather than a list, so any binding fits `ContextBinding<unknown>`). */
export type StreamingMethods<F> = { readonly [K in keyof F]?: true };

/** How an app reaches one context: its facade token, its message patterns and its in-process module. */
export interface ContextBinding<F> {
  context: ContextName;
  /** The facade's injection token, e.g. `AUTH_FACADE`. */
  token: symbol;
  patterns: FacadePatterns<F>;
  /** The context's composition module (`apps/<context>/src/<context>.context.ts`); it exports `token`. */
  local: Type<unknown>;
  /**
   * Upper bound of one remote call to this context; default `REMOTE_CALL_TIMEOUT_MS`. For
   * contexts whose work is slow by nature (ai waits for a model), with the edge granting such
   * requests a matching deadline.
   */
  callTimeoutMs?: (config: AppConfig) => number;
  /** The methods that return an Observable: remotely, a stream of signed replies per call. */
  streaming?: StreamingMethods<F>;
  /** Longest silence between two items of a stream; default `REMOTE_CALL_TIMEOUT_MS`. */
  streamIdleTimeoutMs?: (config: AppConfig) => number;
}

/** Hosts the remote adapter of one context: a client for its transport behind the facade token. */
@Module({})
export class RemoteContextModule {}

/** Makes the facades an app uses injectable everywhere in it (see `ContextFacadesModule.forRoot`). */
@Module({})
export class ContextFacadesModule {
  /**
   * The app's composition of contexts, declared once in its root: for each binding, the
   * context itself or a client of its remote app, per `<CONTEXT>_TRANSPORT`. Global, so any
   * module (the edge's controllers, another context) injects a facade by its token alone.
   */
  static forRoot(bindings: readonly ContextBinding<unknown>[], config: AppConfig): DynamicModule {
    const modules = bindings.map((binding) => contextFacadeModule(binding, config));
    return { module: ContextFacadesModule, global: true, imports: modules, exports: modules };
  }
}

/**
 * A remote facade: each method sends its input to the method's pattern and awaits the reply;
 * a streaming method passes on the stream of replies instead.
 */
export function createRemoteFacade<F>(patterns: FacadePatterns<F>, client: RemoteContextClient, streaming: StreamingMethods<F> = {}): F {
  const streams = new Set(Object.keys(streaming));
  const entries = Object.entries<string>(patterns).map(([method, pattern]) => [
    method,
    streams.has(method)
      ? (input: unknown, call: CallContext) => client.stream(pattern, input, call)
      : (input: unknown, call: CallContext) => client.call(pattern, input, call),
  ]);
  return Object.fromEntries(entries) as F;
}

function remoteModule<F>(binding: ContextBinding<F>): DynamicModule {
  const clientToken = `ficus:remote-context-client:${binding.context}`;
  return {
    module: RemoteContextModule,
    providers: [
      {
        provide: clientToken,
        inject: [AppConfig, ServiceCredentials, ReadinessRegistry, PinoLogger, ResilienceRegistry],
        useFactory: (config: AppConfig, credentials: ServiceCredentials, readiness: ReadinessRegistry, logger: PinoLogger, resilience: ResilienceRegistry) =>
          new RemoteContextClient(binding.context, createContextClient(binding.context, config), {
            credentials,
            subject: (pattern) => subjectFor(binding.context, pattern, config),
            timeoutMs: binding.callTimeoutMs?.(config) ?? config.REMOTE_CALL_TIMEOUT_MS,
            streamIdleTimeoutMs: binding.streamIdleTimeoutMs?.(config) ?? config.REMOTE_CALL_TIMEOUT_MS,
            readiness,
            logger,
            resilience,
            config,
          }),
      },
      { provide: binding.token, inject: [clientToken], useFactory: (client: RemoteContextClient) => createRemoteFacade(binding.patterns, client, binding.streaming) },
    ],
    exports: [binding.token],
  };
}

/**
 * The strangler-fig switch: the module that provides a context's facade in this app — the
 * context itself when `<CONTEXT>_TRANSPORT=local`, else a client of its remote app. Callers
 * inject the facade token and never know which.
 */
export function contextFacadeModule<F>(binding: ContextBinding<F>, config: AppConfig): Type<unknown> | DynamicModule {
  return config.transportFor(binding.context) === 'local' ? binding.local : remoteModule(binding);
}
