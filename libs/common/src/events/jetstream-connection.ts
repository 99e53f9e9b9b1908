import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { OutageLog } from '../logging/outage-log.js';
import { NATS_RECONNECT_BACKOFF, NatsLink } from '../transport/nats-link.js';
import { untilAborted } from './until-aborted.js';
import { backoffMs } from './wakeup.js';

/**
 * Who the events' connection is on NATS: the app's own user (NATS_USER, NATS_PASSWORD), and
 * the inbox prefix its replies (JetStream acknowledgements, pulled messages) come to,
 * `_INBOX.<app>`, the one its user may read (deploy/nats/nats-server.conf).
 */
export interface NatsIdentity {
  user?: string;
  pass?: string;
  inboxPrefix?: string;
}

/**
 * The events' own NATS connection, made when first needed and kept for good: it reconnects for
 * ever with the platform's policy ({@link NatsLink}: back-off capped at 2 s, a hung server given
 * up within 15 s, loss and return logged once each), also when the server is not there at
 * start-up — the app starts anyway, and its events wait in the outboxes meanwhile.
 */
export class JetStreamConnection {
  readonly link = new NatsLink('for events', 'events wait in their outboxes and consumers pause until it is back');
  private readonly unreachable = new OutageLog('NatsConnection', (reason) => `No NATS connection for events yet (${reason}); retrying`, 'NATS connection for events made');
  private readonly closing = new AbortController();
  private connecting?: Promise<NatsConnection>;
  private following?: Promise<void>;
  private readonly backListeners = new Set<() => void>();

  constructor(
    private readonly servers: string,
    private readonly identity: NatsIdentity = {},
  ) {}

  /**
   * The connection, once there is one; rejects only when dialing stopped first ({@link stopDialing},
   * {@link close}): at once then, even while an attempt is under way.
   */
  connection(): Promise<NatsConnection> {
    this.connecting ??= this.dial();
    return untilAborted(this.connecting, this.closing.signal);
  }

  /**
   * Gives up waiting for a connection (shutdown): everyone still waiting in {@link connection}
   * gets the rejection now, so what waits on them can stop; a connection already made stays up
   * until {@link close}.
   */
  stopDialing(): void {
    if (!this.closing.signal.aborted) this.closing.abort(new Error('The events connection is closed'));
  }

  /** Calls `listener` each time the connection is back after a loss; returns the unsubscribe. */
  onBack(listener: () => void): () => void {
    this.backListeners.add(listener);
    return () => this.backListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.stopDialing();
    const client = await this.connecting?.catch(() => undefined);
    await client?.close();
    await this.following;
  }

  private async dial(): Promise<NatsConnection> {
    const { signal } = this.closing;
    for (let attempt = 1; ; attempt += 1) {
      signal.throwIfAborted();
      try {
        const client = await connect({ servers: this.servers, name: 'ficus-events', ...this.identity, ...this.link.connectionOptions() });
        this.unreachable.recovered();
        this.following = this.link.follow(client, { back: () => this.backListeners.forEach((listener) => listener()) });
        return client;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        this.unreachable.report(error);
        await sleep(backoffMs(attempt, NATS_RECONNECT_BACKOFF.firstMs, NATS_RECONNECT_BACKOFF.maxMs), undefined, { signal });
      }
    }
  }
}
