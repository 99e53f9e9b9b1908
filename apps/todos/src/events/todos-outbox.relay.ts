import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, contextDatabaseSettings, EventBus } from '@ficus/common';
import { TODOS_EVENTS } from '@ficus/contracts/todos';

/**
 * Relays the todos outbox wherever the todos context is hosted (the gateway in-process, or the
 * todos app): to the in-process bus or to JetStream, as EVENTS_TRANSPORT decides. Every instance
 * registers; one of them leads at a time (see OutboxRelay).
 */
@Injectable()
export class TodosOutboxRelay implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.bus.relayOutbox(TODOS_EVENTS, contextDatabaseSettings(this.config, 'todos'));
  }
}
