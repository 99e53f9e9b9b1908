import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { DestinationStream } from 'pino';
import { AuthnModule } from '../authn/authn.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DatabaseHealthModule } from '../database/database-health.module.js';
import { ProblemDetailsFilter } from '../errors/problem-details.filter.js';
import { EventsModule } from '../events/events.module.js';
import { HealthController } from '../health/health.controller.js';
import { loggingModule } from '../logging/logging.module.js';
import { metricsModule } from '../metrics/metrics.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { ResilienceModule } from '../resilience/resilience.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { CallCancellations } from '../transport/call-cancellations.js';
import { CancellationInterceptor } from '../transport/cancellation.interceptor.js';
import { DeadlineInterceptor } from '../transport/deadline.interceptor.js';
import { MessageTracingInterceptor } from '../transport/message-tracing.interceptor.js';
import { ReplayCache } from '../transport/replay-cache.js';
import { ReplySigningInterceptor } from '../transport/reply-signing.interceptor.js';
import { ServiceMessageGuard } from '../transport/service-message.guard.js';
import { ServiceRights } from '../transport/service-rights.js';
import { createValidationPipe } from '../validation/validation.pipe.js';
import { PlatformCoreModule } from './platform-core.module.js';

/**
 * Everything an app gets for free: config, logging, errors as problem+json, validation,
 * health and readiness, metrics, rate limiting, outbound-call resilience and domain events. `createApp`
 * adds it to every app.
 */
@Module({})
export class PlatformModule {
  static forRoot(appName: string, config: AppConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        PlatformCoreModule.forRoot(appName, config),
        loggingModule(appName, config, logDestination),
        metricsModule(appName, config),
        // The health controller logs a failing check once per outage; Terminus would log every probe.
        TerminusModule.forRoot({ logger: false }),
        RedisModule,
        ResilienceModule,
        AuthnModule,
        DatabaseHealthModule,
        ThrottlingModule,
        EventsModule,
      ],
      controllers: [HealthController],
      // The cancel controller (added by createApp to apps that serve a context) delivers to it.
      exports: [CallCancellations],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        // Message handlers only (HTTP passes through): signed by a known app that calls them,
        // within the deadline, seen once, traced, cancellable by their caller, answered with a signed reply.
        { provide: ServiceRights, useValue: new ServiceRights(config) },
        ReplayCache,
        { provide: APP_GUARD, useClass: ServiceMessageGuard },
        CallCancellations,
        // Applied to message handlers only (see useMessageInterceptors): as global interceptors they
        // put every HTTP request through an rxjs pipeline for nothing.
        MessageTracingInterceptor,
        CancellationInterceptor,
        DeadlineInterceptor,
        ReplySigningInterceptor,
      ],
    };
  }
}
