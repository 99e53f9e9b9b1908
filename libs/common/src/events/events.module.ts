import { Global, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { register } from 'prom-client';
import { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { APP_NAME } from '../platform/platform.constants.js';
import { withRequestId } from '../logging/request-context.js';
import type { EventLogContext } from './event-delivery.js';
import { EventBus } from './event-bus.js';

/**
 * nestjs-pino's per-request logging context, for event handlers; plain when no root logger exists
 * yet. The request id goes to the platform's request context (which puts it on every line), not
 * into the bindings: a handler started while some HTTP request is served would otherwise carry
 * two ids.
 */
function pinoLogContext(logger: PinoLogger): EventLogContext {
  return ({ requestId, ...bindings }, work) =>
    withRequestId(typeof requestId === 'string' ? requestId : undefined, () => (PinoLogger.root ? logger.runInContext(work, { bindings }) : work()));
}

/**
 * The process's {@link EventBus}, injectable everywhere: a context's module registers its outbox
 * relay and its consumers on it while it initialises; the bus starts once the app is up (and
 * only then connects, if anything was registered), and stops before the databases close.
 * `/ready` includes `jetstream` when the bus uses it.
 */
@Global()
@Module({
  providers: [
    {
      provide: EventBus,
      inject: [AppConfig, PinoLogger, APP_NAME],
      useFactory: (config: AppConfig, logger: PinoLogger, app: string): EventBus =>
        new EventBus({
          transport: config.eventsTransport,
          natsUrl: config.NATS_URL,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          // The app's own NATS user, replies on its own inboxes: what its user may read.
          natsIdentity: { ...(config.NATS_USER ? { user: config.NATS_USER, pass: config.NATS_PASSWORD } : {}), inboxPrefix: `_INBOX.${app}` },
          retentionS: config.EVENTS_RETENTION_S,
          registry: register,
          logContext: pinoLogContext(logger),
        }),
    },
  ],
  exports: [EventBus],
})
export class EventsModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly bus: EventBus,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.bus.inUse) return;
    const check = this.bus.transport.readiness;
    if (check) this.readiness.register('jetstream', check);
    await this.bus.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.bus.stop();
  }
}
