import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { ClientNats, ServerNats, type MessageHandler, type NatsOptions, type NatsStatus } from '@nestjs/microservices';
import { messageTooLarge } from './inbound-limits.js';
import type { InboundRejections } from './inbound-rejections.js';
import { NatsDisconnectedError, type NatsLink } from './nats-link.js';

type NatsClientOptions = Required<NatsOptions>['options'];

/** Where and as whom an app connects to NATS: the servers, and its user when the server has users. */
export type NatsEndpoint = Pick<NatsClientOptions, 'servers' | 'user' | 'pass'>;

/**
 * NATS subjects are the facade's pattern names, the same in every deployment. A prefix
 * (`NATS_SUBJECT_PREFIX`) gives each deployment its own subjects, so several can share one NATS
 * server — staging and production, or parallel test runs — without answering each other.
 * The connection follows its {@link NatsLink}: it reconnects for ever, and while it is down
 * every call fails at once.
 */
export class PrefixedClientNats extends ClientNats {
  constructor(
    options: NatsClientOptions,
    private readonly prefix: string,
    readonly link: NatsLink,
  ) {
    super({ ...options, ...link.connectionOptions() });
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['send']>[0]): string {
    return `${this.prefix}${super.normalizePattern(pattern)}`;
  }

  /** Replaces Nest's status loop (a log line per status, bound to whichever request connected first). */
  override async handleStatusUpdates(client: NatsConnection): Promise<void> {
    await this.link.follow(client, {
      lost: () => {
        // connect() answers with this until the link is back: calls fail at once instead of
        // being buffered by the client for a server that may never see them.
        const down = Promise.reject(new NatsDisconnectedError(this.link.description));
        down.catch(() => undefined);
        this.connectionPromise = down;
        this._status$.next('disconnected' as NatsStatus);
      },
      back: () => {
        this.connectionPromise = Promise.resolve(client);
        this._status$.next('connected' as NatsStatus);
      },
    });
    // Closed: the next call starts a new connection.
    if (this.natsClient === client) {
      this.natsClient = null;
      this.connectionPromise = null;
    }
  }
}

/** What a context app reads of a message before knowing who sent it. */
export interface NatsInbound {
  /** Larger messages are refused unread (the NATS server's own max_payload may well be larger). */
  maxMessageBytes: number;
  rejections: InboundRejections;
}

/**
 * The server side of PrefixedClientNats: every handler subscribes to its prefixed subject.
 * A message over `maxMessageBytes` is refused before it is parsed.
 */
export class PrefixedServerNats extends ServerNats {
  constructor(
    options: NatsClientOptions,
    private readonly prefix: string,
    readonly link: NatsLink,
    private readonly inbound: NatsInbound,
  ) {
    super({ ...options, ...link.connectionOptions() });
  }

  override async handleMessage(channel: string, message: Msg): Promise<unknown> {
    if (message.data.length <= this.inbound.maxMessageBytes) return super.handleMessage(channel, message);
    this.inbound.rejections.count('nats', 'too_large');
    // A request gets a small, unsigned refusal at once rather than a timeout; an event nothing.
    if (message.reply) message.respond(JSON.stringify({ err: messageTooLarge(this.inbound.maxMessageBytes), isDisposed: true }));
    return undefined;
  }

  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler?: boolean, extras?: Record<string, unknown>): void {
    super.addHandler(typeof pattern === 'string' ? `${this.prefix}${pattern}` : pattern, callback, isEventHandler, extras);
  }

  /** Replaces Nest's status loop; the client re-subscribes every handler after a reconnect by itself. */
  override async handleStatusUpdates(client: NatsConnection): Promise<void> {
    await this.link.follow(client, {
      lost: () => this._status$.next('disconnected' as NatsStatus),
      back: () => this._status$.next('connected' as NatsStatus),
    });
  }
}
