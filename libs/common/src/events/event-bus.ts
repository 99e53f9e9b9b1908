import { Logger } from '@nestjs/common';
import { register, type Registry } from 'prom-client';
import type { ContextDatabaseOptions } from '../database/context-database.js';
import { PeriodicTask } from '../lifecycle/periodic-task.js';
import type { EventCatalog, EventPayloads } from './event-catalog.js';
import { EventDeliveries, withoutLogContext, type EventLogContext } from './event-delivery.js';
import { EventMetrics } from './event-metrics.js';
import { eventSubscription, type EventSubscription, type Subscription } from './event-subscription.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventTransport } from './event-transport.js';
import type { EventListener, EventWatch } from './event-watch.js';
import type { Inbox } from './inbox.js';
import type { NatsIdentity } from './jetstream-connection.js';
import { JetStreamEventTransport } from './jetstream-event-transport.js';
import type { ReplayLimits } from './jetstream-replay.js';
import { LocalEventTransport } from './local-event-transport.js';
import { OutboxRelay, type RelayTiming } from './outbox-relay.js';

/** What the event platform of one process is built from (AppConfig has it all; see EventsModule). */
export interface EventBusSettings {
  transport: 'jetstream' | 'local';
  /** NATS_URL, NATS_SUBJECT_PREFIX: used with `jetstream`. */
  natsUrl: string;
  subjectPrefix: string;
  /** The app's NATS user (NATS_USER, NATS_PASSWORD) and reply inbox prefix, with `jetstream`. */
  natsIdentity?: NatsIdentity;
  /** EVENTS_RETENTION_S */
  retentionS: number;
  /** Where the series go; prom-client's default registry unless given. */
  registry?: Registry;
  logContext?: EventLogContext;
  /** Relay pacing (tests shorten it). */
  relayTiming?: Partial<RelayTiming>;
  publishTimeoutMs?: number;
}

/** Inbox ids are purged this often. */
const INBOX_PURGE_EVERY_MS = 3600_000;

/**
 * A process's events: the relays of the outboxes of the contexts it hosts, and the consumers it
 * runs, over one transport (JetStream, or in-process). A context registers both while its module
 * initialises — `relayOutbox` for its own events, `subscribe` for those it reacts to — and the
 * platform starts them once the app is up and stops them before the databases close.
 */
export class EventBus {
  private readonly logger = new Logger(EventBus.name);
  readonly metrics: EventMetrics;
  readonly transport: EventTransport;
  private readonly relays = new Map<string, OutboxRelay>();
  private readonly subscriptions = new Map<string, EventSubscription>();
  private readonly inboxes = new Set<Inbox<unknown>>();
  private readonly inboxPurge: PeriodicTask;
  private started = false;

  constructor(private readonly settings: EventBusSettings) {
    this.metrics = new EventMetrics(settings.registry ?? register);
    const deliveries = new EventDeliveries(this.metrics, settings.logContext ?? withoutLogContext, settings.transport === 'jetstream' ? 'nats' : 'ficus');
    this.transport =
      settings.transport === 'jetstream'
        ? new JetStreamEventTransport(
            {
              servers: settings.natsUrl,
              prefix: settings.subjectPrefix,
              retentionS: settings.retentionS,
              publishTimeoutMs: settings.publishTimeoutMs,
              identity: settings.natsIdentity,
            },
            deliveries,
          )
        : new LocalEventTransport(deliveries);
    this.inboxPurge = new PeriodicTask(
      () => this.purgeInboxes(),
      INBOX_PURGE_EVERY_MS,
      (error) => this.logger.warn(`Purging inbox ids failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** Whether anything was registered, i.e. whether this process uses events at all. */
  get inUse(): boolean {
    return this.relays.size > 0 || this.subscriptions.size > 0;
  }

  /**
   * Publishes the outbox of `catalog`'s context from `database` (its URL and schema), from this
   * process and every other instance hosting the context (one of them leads at a time).
   */
  relayOutbox(catalog: EventCatalog, database: ContextDatabaseOptions): OutboxRelay {
    if (this.relays.has(catalog.context)) throw new Error(`The ${catalog.context} outbox is relayed already`);
    const relay = new OutboxRelay({
      context: catalog.context,
      database,
      publisher: this.transport,
      metrics: this.metrics,
      timing: { retentionS: this.settings.retentionS, ...this.settings.relayTiming },
    });
    this.relays.set(catalog.context, relay);
    if (this.started) {
      this.transport.provision?.(catalog.context);
      relay.start();
    }
    return relay;
  }

  /** Runs `subscription`'s handler for each of its source's events of its types (see {@link Subscription}). */
  subscribe<P extends EventPayloads, T extends keyof P & string, Tx = never>(subscription: Subscription<P, T, Tx>): void {
    const consumer = eventSubscription(subscription);
    if (this.subscriptions.has(consumer.name)) throw new Error(`Consumer ${consumer.name} is subscribed already`);
    this.subscriptions.set(consumer.name, consumer);
    if (subscription.inbox) this.inboxes.add(subscription.inbox as Inbox<unknown>);
    this.metrics.watchLag(consumer.name, () => this.transport.lag(consumer.name));
    if (this.started) void this.transport.consume(consumer);
  }

  /**
   * Hands every event of `catalog`'s context published from now on to `listener`, in this
   * process: each instance watching sees each event (see {@link EventListener}). A listener that
   * throws is logged; the event goes on to the others. A watch starts at once and does not make
   * `/ready` wait for JetStream (what it feeds, live updates, is not worth refusing requests for);
   * `stop()` of the bus ends it.
   */
  watch<P extends EventPayloads>(catalog: EventCatalog<P>, listener: EventListener): EventWatch {
    const context = catalog.context;
    return this.transport.watch(context, (event) => {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(`A watcher of ${context} events failed on ${event.type} ${event.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  /**
   * The events of `catalog`'s context published after the event `afterId` that `accept` takes,
   * in publishing order, read from JetStream (kept for EVENTS_RETENTION_S); undefined when that
   * cannot be told — in-process, where nothing keeps published events, or when the event is not
   * in the stream any more, or the replay would exceed `limits`.
   */
  replay<P extends EventPayloads>(catalog: EventCatalog<P>, afterId: string, accept: (event: EventEnvelope) => boolean, limits: ReplayLimits): Promise<EventEnvelope[] | undefined> {
    return this.transport.replay(catalog.context, afterId, accept, limits);
  }

  /** Starts every consumer, then every relay (consumers first: in-process, a relay delivers to them at once). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const consumer of this.subscriptions.values()) await this.transport.consume(consumer);
    for (const [context, relay] of this.relays) {
      // Every instance, leader or not: readiness waits for the stream either way.
      this.transport.provision?.(context);
      relay.start();
    }
    if (this.inboxes.size > 0) this.inboxPurge.start();
  }

  /**
   * Stops the relays, the consumers and the connection together: a publish or a handler in
   * flight either finishes or is cut short with its row still pending, delivered after the next
   * start.
   */
  async stop(): Promise<void> {
    await Promise.all([...[...this.relays.values()].map((relay) => relay.stop()), this.inboxPurge.stop(), this.transport.close()]);
  }

  private async purgeInboxes(): Promise<void> {
    for (const inbox of this.inboxes) await inbox.purge(this.settings.retentionS);
  }
}
