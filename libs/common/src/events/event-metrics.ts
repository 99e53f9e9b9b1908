import { Counter, Gauge, register, type Registry } from 'prom-client';
import { withTimeout } from '@ficus/resilience';
import type { OutboxBacklog } from './relay-session.js';

/** Names of the event series; the app is a label (prom-client's default labels), never part of a name. */
export const EVENT_METRICS = {
  outboxPending: 'ficus_outbox_pending_events',
  outboxOldest: 'ficus_outbox_oldest_pending_seconds',
  published: 'ficus_outbox_published_total',
  publishFailures: 'ficus_outbox_publish_failures_total',
  consumerLag: 'ficus_event_consumer_lag_events',
  handled: 'ficus_events_handled_total',
  redeliveries: 'ficus_event_redeliveries_total',
  deadLetters: 'ficus_event_dead_letters_total',
} as const;

/** How a delivery ended for its consumer. */
export type HandledOutcome = 'handled' | 'duplicate' | 'failed' | 'skipped';

/** A scrape waits this long for a backlog or lag query; past it the series is left out of that scrape. */
const COLLECT_TIMEOUT_MS = 1000;

type Probe<T> = () => Promise<T>;

/**
 * The event platform's series: outbox backlog per context (read from the table when Prometheus
 * scrapes, so every instance reports it, leader or not), publishes and publish failures per
 * context, and per consumer its lag, outcomes, redeliveries and dead letters.
 */
export class EventMetrics {
  private readonly backlogs = new Map<string, Probe<OutboxBacklog>>();
  private readonly lags = new Map<string, Probe<number | undefined>>();
  private scrape?: Promise<Map<string, OutboxBacklog>>;
  private readonly publishedCounter: Counter<'context'>;
  private readonly failureCounter: Counter<'context'>;
  private readonly handledCounter: Counter<'consumer' | 'outcome'>;
  private readonly redeliveryCounter: Counter<'consumer'>;
  private readonly deadLetterCounter: Counter<'consumer'>;

  constructor(registry: Registry = register) {
    const registers = [registry];
    const pending: Gauge<'context'> = new Gauge({
      name: EVENT_METRICS.outboxPending,
      help: 'Events written to an outbox and not yet published, by context',
      labelNames: ['context'],
      registers,
      collect: () => this.collectBacklogs(pending, (backlog) => backlog.pending),
    });
    const oldest: Gauge<'context'> = new Gauge({
      name: EVENT_METRICS.outboxOldest,
      help: 'Age in seconds of the oldest unpublished event of an outbox (0 when none waits), by context',
      labelNames: ['context'],
      registers,
      collect: () => this.collectBacklogs(oldest, (backlog) => backlog.oldestSeconds),
    });
    const lag: Gauge<'consumer'> = new Gauge({
      name: EVENT_METRICS.consumerLag,
      help: 'Events of its source a consumer has not been delivered yet (JetStream num_pending), by consumer',
      labelNames: ['consumer'],
      registers,
      collect: () => this.collectLags(lag),
    });
    this.publishedCounter = new Counter({ name: EVENT_METRICS.published, help: 'Events published from an outbox, by context', labelNames: ['context'], registers });
    this.failureCounter = new Counter({
      name: EVENT_METRICS.publishFailures,
      help: 'Failed attempts to publish an outbox event (retried), by context',
      labelNames: ['context'],
      registers,
    });
    this.handledCounter = new Counter({
      name: EVENT_METRICS.handled,
      help: 'Deliveries by consumer and outcome: handled, duplicate (already in its inbox), failed (to be redelivered or dead-lettered), skipped (a type it does not handle)',
      labelNames: ['consumer', 'outcome'],
      registers,
    });
    this.redeliveryCounter = new Counter({ name: EVENT_METRICS.redeliveries, help: 'Deliveries after the first of the same event, by consumer', labelNames: ['consumer'], registers });
    this.deadLetterCounter = new Counter({
      name: EVENT_METRICS.deadLetters,
      help: 'Events a consumer gave up on after its last delivery, sent to the dead-letter subject, by consumer',
      labelNames: ['consumer'],
      registers,
    });
  }

  /** Reports `probe`'s backlog as the outbox series of `context` at every scrape. */
  watchOutbox(context: string, probe: Probe<OutboxBacklog>): void {
    this.backlogs.set(context, probe);
  }

  /** Reports `probe`'s answer as the lag of `consumer` at every scrape. */
  watchLag(consumer: string, probe: Probe<number | undefined>): void {
    this.lags.set(consumer, probe);
  }

  published(context: string, count = 1): void {
    this.publishedCounter.inc({ context }, count);
  }

  publishFailed(context: string): void {
    this.failureCounter.inc({ context });
  }

  handled(consumer: string, outcome: HandledOutcome): void {
    this.handledCounter.inc({ consumer, outcome });
  }

  redelivered(consumer: string): void {
    this.redeliveryCounter.inc({ consumer });
  }

  deadLettered(consumer: string): void {
    this.deadLetterCounter.inc({ consumer });
  }

  /** Both backlog gauges of one scrape share one query per outbox. */
  private async collectBacklogs(gauge: Gauge<'context'>, value: (backlog: OutboxBacklog) => number): Promise<void> {
    this.scrape ??= this.readBacklogs().finally(() => {
      this.scrape = undefined;
    });
    const backlogs = await this.scrape;
    gauge.reset();
    for (const [context, backlog] of backlogs) gauge.set({ context }, value(backlog));
  }

  private async readBacklogs(): Promise<Map<string, OutboxBacklog>> {
    const entries = await Promise.all(
      // A database that is down or slow leaves the series out of this scrape rather than stale.
      [...this.backlogs].map(async ([context, probe]) => [context, await withTimeout(probe(), COLLECT_TIMEOUT_MS).catch(() => undefined)] as const),
    );
    return new Map(entries.filter((entry): entry is readonly [string, OutboxBacklog] => entry[1] !== undefined));
  }

  private async collectLags(lag: Gauge<'consumer'>): Promise<void> {
    lag.reset();
    await Promise.all(
      [...this.lags].map(async ([consumer, probe]) => {
        const value = await withTimeout(probe(), COLLECT_TIMEOUT_MS).catch(() => undefined);
        if (value !== undefined) lag.set({ consumer }, value);
      }),
    );
  }
}
