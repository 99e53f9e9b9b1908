import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import type { ConnectionOptions, NatsConnection, Status } from '@nats-io/transport-node';
import type { ReadinessCheck } from '../health/readiness.registry.js';

/** Reconnect back-off: the first retry waits up to 250 ms, each next one up to twice as long, never more than 2 s. */
export const NATS_RECONNECT_BACKOFF = { firstMs: 250, maxMs: 2000 } as const;

/** Pings to the server: a connection with this many unanswered, `intervalMs` apart, is given up as gone. */
export const NATS_PING = { intervalMs: 5000, maxOut: 2 } as const;

/** What the transport does when the connection is lost or back (besides what the link logs). */
export interface NatsLinkHooks {
  lost?(): void;
  back?(): void;
}

/** A call made while the NATS connection is down: it fails at once (503) instead of waiting for a timeout. */
export class NatsDisconnectedError extends Error {
  constructor(description: string) {
    super(`The NATS connection ${description} is down; reconnecting`);
    this.name = 'NatsDisconnectedError';
  }
}

type LinkState = 'connecting' | 'connected' | 'lost' | 'closed';

/**
 * One NATS connection of an app (the one serving its context, or one calling another context)
 * as the app sees it. The NATS client's default gives up after 10 attempts 2 s apart, which
 * leaves a live process that never serves again; a link reconnects for ever with capped
 * exponential back-off and jitter (see {@link NATS_RECONNECT_BACKOFF}), so a returning server
 * is found within about 2 s however long it was gone, and pings the server often enough to give
 * up on a hung one within 15 s (see {@link NATS_PING}). It logs one line when the connection is
 * lost and one when it is back — never one per attempt, and never bound to the request that
 * happened to open the connection.
 */
export class NatsLink {
  private readonly logger = new Logger('NatsConnection');
  // Taken when the link is built (at start-up): the status loop runs outside any request's
  // logging context, although a caller's connection opens lazily inside a request.
  private readonly outsideRequests = AsyncLocalStorage.snapshot();
  private state: LinkState = 'connecting';
  private lostAt = 0;
  private attempts = 0;

  /**
   * @param description - which connection, in log lines: `serving todos`, `to todos`
   * @param consequence - what its loss means, e.g. `calls to todos fail with 503 until it is back`
   */
  constructor(
    readonly description: string,
    private readonly consequence: string,
  ) {}

  get isConnected(): boolean {
    return this.state === 'connected';
  }

  /** Readiness of the connection: down while it is lost (or before it was ever made). */
  readonly readinessCheck: ReadinessCheck = async () => {
    if (!this.isConnected) throw new NatsDisconnectedError(this.description);
  };

  /** The reconnect and ping policy, for the NATS client's connection options. */
  connectionOptions(): Pick<ConnectionOptions, 'maxReconnectAttempts' | 'reconnectDelayHandler' | 'pingInterval' | 'maxPingOut'> {
    return {
      maxReconnectAttempts: -1,
      reconnectDelayHandler: () => this.reconnectDelayMs(),
      // A hung server or a silent network is found within 15 s rather than the client's 4 to 6 minutes.
      pingInterval: NATS_PING.intervalMs,
      maxPingOut: NATS_PING.maxOut,
    };
  }

  /**
   * Wait before the next attempt: "equal jitter" below a ceiling that doubles per failed attempt
   * up to the cap, so many apps losing one server do not all knock at the same instant.
   */
  reconnectDelayMs(): number {
    const ceiling = Math.min(NATS_RECONNECT_BACKOFF.maxMs, NATS_RECONNECT_BACKOFF.firstMs * 2 ** Math.max(0, this.attempts - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  /** Follows the connection's status until it closes; `client` is connected when this is called. */
  follow(client: NatsConnection, hooks: NatsLinkHooks = {}): Promise<void> {
    return this.outsideRequests(async () => {
      this.state = 'connected';
      for await (const status of client.status()) this.observe(status, hooks);
      this.state = 'closed';
      // Closed without an error is the app shutting down; with one, the client gave up (e.g. credentials refused).
      const error = await client.closed();
      if (error) this.logger.error(`The NATS connection ${this.description} closed for good: ${error.message}; restart the app once the cause is fixed`);
    });
  }

  private observe(status: Status, hooks: NatsLinkHooks): void {
    switch (status.type) {
      case 'disconnect':
        if (this.state !== 'connected') return;
        this.state = 'lost';
        this.lostAt = Date.now();
        this.logger.error(`Lost the NATS connection ${this.description} (${status.server}): ${this.consequence}; reconnecting`);
        hooks.lost?.();
        return;
      case 'reconnecting':
        this.attempts += 1;
        return;
      case 'reconnect':
        this.attempts = 0;
        if (this.state !== 'lost') return;
        this.state = 'connected';
        this.logger.log(`NATS connection ${this.description} is back after ${((Date.now() - this.lostAt) / 1000).toFixed(1)} s`);
        hooks.back?.();
        return;
      case 'error':
        this.logger.error(`NATS connection ${this.description}: ${status.error.message}`);
        return;
      case 'ldm':
        this.logger.warn(`The NATS server behind the connection ${this.description} is shutting down (lame duck mode)`);
        return;
      default:
        // Pings, cluster updates and the like: nothing an operator acts on.
        return;
    }
  }
}
