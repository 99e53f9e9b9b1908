import { Module, type DynamicModule } from '@nestjs/common';
import { ResilienceRegistry } from '@ficus/resilience';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import type { ContextBinding } from './context-binding.js';
import { RemoteContextClient } from './remote-context.client.js';
import { createRemoteFacade } from './remote-facade.js';
import { ServiceCredentials } from './service-credentials.js';
import { createContextClient, subjectFor } from './transport-options.js';

/** Hosts the remote adapter of one context: a client for its transport behind the facade token. */
@Module({})
export class RemoteContextModule {
  /** The facade token bound to a signed, deadline-bounded client of the context's remote app. */
  static forBinding<F>(binding: ContextBinding<F>): DynamicModule {
    const clientToken = `ficus:remote-context-client:${binding.context}`;
    return {
      module: RemoteContextModule,
      providers: [
        {
          provide: clientToken,
          inject: [AppConfig, ServiceCredentials, ReadinessRegistry, PinoLogger, ResilienceRegistry],
          useFactory: (config: AppConfig, credentials: ServiceCredentials, readiness: ReadinessRegistry, logger: PinoLogger, resilience: ResilienceRegistry) =>
            new RemoteContextClient(binding.context, createContextClient(binding.context, config, credentials.service), {
              credentials,
              subject: (pattern) => subjectFor(binding.context, pattern, config),
              system: config.transportFor(binding.context) === 'tcp' ? 'tcp' : 'nats',
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
}
