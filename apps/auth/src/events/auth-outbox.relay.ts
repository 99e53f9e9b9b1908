import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, contextDatabaseSettings, EventBus } from '@ficus/common';
import { AUTH_EVENTS } from '@ficus/contracts/auth';

/**
 * Relays the auth outbox wherever the auth context is hosted (the gateway in-process, or the
 * auth app): to the in-process bus or to JetStream, as EVENTS_TRANSPORT decides. Every instance
 * registers; one of them leads at a time (see OutboxRelay).
 */
@Injectable()
export class AuthOutboxRelay implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.bus.relayOutbox(AUTH_EVENTS, contextDatabaseSettings(this.config, 'auth'));
  }
}
