import { ClientNats, ServerNats, type MessageHandler, type NatsOptions } from '@nestjs/microservices';

type NatsClientOptions = Required<NatsOptions>['options'];

/** What an app connects to NATS with: the servers, and its user when the server has users. */
export type NatsConnection = Pick<NatsClientOptions, 'servers' | 'user' | 'pass'>;

/**
 * NATS subjects are the facade's pattern names, the same in every deployment. A prefix
 * (`NATS_SUBJECT_PREFIX`) gives each deployment its own subjects, so several can share one NATS
 * server — staging and production, or parallel test runs — without answering each other.
 */
export class PrefixedClientNats extends ClientNats {
  constructor(
    options: NatsClientOptions,
    private readonly prefix: string,
  ) {
    super(options);
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['send']>[0]): string {
    return `${this.prefix}${super.normalizePattern(pattern)}`;
  }
}

/** The server side of PrefixedClientNats: every handler subscribes to its prefixed subject. */
export class PrefixedServerNats extends ServerNats {
  constructor(
    options: NatsClientOptions,
    private readonly prefix: string,
  ) {
    super(options);
  }

  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler?: boolean, extras?: Record<string, unknown>): void {
    super.addHandler(typeof pattern === 'string' ? `${this.prefix}${pattern}` : pattern, callback, isEventHandler, extras);
  }
}
