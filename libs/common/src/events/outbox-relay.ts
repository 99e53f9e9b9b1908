import { Logger } from '@nestjs/common';
import type { ContextDatabaseOptions } from '../database/context-database.js';
import { databaseOutageLog } from '../database/database-outage.js';
import { OutageLog } from '../logging/outage-log.js';
import type { EventMetrics } from './event-metrics.js';
import type { EventPublisher } from './event-transport.js';
import { envelopeOf } from './outbox-rows.js';
import { RelaySession, type OutboxBacklog } from './relay-session.js';
import { backoffMs, Wakeup } from './wakeup.js';

/** How a relay paces itself; the defaults suit production, tests shorten them. */
export interface RelayTiming {
  /** Backstop poll of the outbox when no NOTIFY arrived (a standby also asks for leadership this often). */
  pollMs: number;
  /** Back-off after a failed publish or a lost database connection: first step and cap. */
  retryFirstMs: number;
  retryMaxMs: number;
  /** Rows read per round trip. */
  batchSize: number;
  /** Published rows are deleted once older than this (seconds). */
  retentionS: number;
  /** How often the leader purges. */
  purgeEveryMs: number;
}

export const DEFAULT_RELAY_TIMING: RelayTiming = {
  pollMs: 1000,
  retryFirstMs: 100,
  retryMaxMs: 2000,
  batchSize: 100,
  retentionS: 7 * 24 * 3600,
  purgeEveryMs: 3600_000,
};

export interface OutboxRelayOptions {
  /** The context whose outbox this is: names its stream and subjects. */
  context: string;
  /** Its database and schema (where `outbox_events` is). */
  database: ContextDatabaseOptions;
  publisher: EventPublisher;
  metrics: EventMetrics;
  timing?: Partial<RelayTiming>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Publishes a context's outbox: pending rows in sequence order, each marked published only once
 * its publish is acknowledged, so nothing is lost when the broker is down or the process dies
 * between commit and publish — the next leader resumes from the table, and the event id makes a
 * repeated publish harmless. One leader per context among all its instances (see
 * {@link RelaySession}); the others stand by.
 *
 * Woken by the writers' NOTIFY (delivered on commit), with a poll as backstop. A failed publish
 * is recorded on its row (attempts, last_error), counted, and retried after a back-off capped at
 * `retryMaxMs`, for as long as it takes: an event is never given up. Each attempt is bounded by
 * the publisher's own timeout. An outage is logged once when it starts and once when it ends.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly timing: RelayTiming;
  private readonly wakeup = new Wakeup();
  private readonly publishOutage: OutageLog;
  private readonly databaseOutage: OutageLog;
  private session?: RelaySession;
  private running?: Promise<void>;
  private stopping = false;
  private leading = false;
  private failures = 0;
  private lastPurge = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.timing = { ...DEFAULT_RELAY_TIMING, ...options.timing };
    this.publishOutage = new OutageLog(
      OutboxRelay.name,
      (reason) => `Publishing ${options.context} events failed (${reason}): they wait in the outbox and are retried until they are published`,
      `Publishing ${options.context} events again`,
    );
    this.databaseOutage = databaseOutageLog(options.database.url);
    options.metrics.watchOutbox(options.context, () => this.backlog());
  }

  /** Whether this instance currently publishes the context's outbox. */
  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Finishes the publish in flight, gives up the leadership and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.wake();
    await this.running;
  }

  /** Wakes the relay now (as a NOTIFY would). */
  nudge(): void {
    this.wakeup.wake();
  }

  private async backlog(): Promise<OutboxBacklog> {
    if (!this.session) throw new Error('no database session');
    return this.session.backlog();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        this.session = await RelaySession.open(this.options.database, () => this.wakeup.wake());
        this.databaseOutage.recovered();
        await this.serve(this.session);
      } catch (error) {
        if (this.stopping) break;
        this.databaseOutage.report(this.session?.failure ?? error);
        this.failures += 1;
        await this.wakeup.sleep(backoffMs(this.failures, this.timing.retryFirstMs, this.timing.retryMaxMs));
      } finally {
        this.leading = false;
        this.session?.close();
        this.session = undefined;
      }
    }
  }

  private async serve(session: RelaySession): Promise<void> {
    while (!this.stopping) {
      if (session.failure) throw session.failure;
      if (!this.leading) {
        this.leading = await session.tryLead();
        if (!this.leading) {
          await this.wakeup.sleep(this.timing.pollMs);
          continue;
        }
        this.logger.debug(`Publishing the ${this.options.context} outbox`);
      }
      const outcome = await this.publishBatch(session);
      if (outcome === 'more') continue;
      await this.purgeWhenDue(session);
      const pause = outcome === 'failed' ? backoffMs(this.failures, this.timing.retryFirstMs, this.timing.retryMaxMs) : this.timing.pollMs;
      await this.wakeup.sleep(pause);
    }
  }

  /** Publishes the oldest pending rows in order; stops at the first failure, which is recorded on its row. */
  private async publishBatch(session: RelaySession): Promise<'more' | 'done' | 'failed'> {
    const rows = await session.pending(this.timing.batchSize);
    const published: string[] = [];
    try {
      for (const row of rows) {
        if (this.stopping) return 'done';
        try {
          await this.options.publisher.publish(this.options.context, envelopeOf(row));
        } catch (error) {
          // Cut short by shutdown: the row stays pending for the next start, no failure to report.
          if (this.stopping) return 'done';
          this.failures += 1;
          this.options.metrics.publishFailed(this.options.context);
          this.publishOutage.report(error);
          await session.markFailed(row.sequence, message(error));
          return 'failed';
        }
        published.push(row.sequence);
      }
    } finally {
      if (published.length > 0) {
        await session.markPublished(published);
        this.options.metrics.published(this.options.context, published.length);
      }
    }
    if (rows.length > 0 || this.failures > 0) {
      this.failures = 0;
      this.publishOutage.recovered();
    }
    return rows.length === this.timing.batchSize ? 'more' : 'done';
  }

  private async purgeWhenDue(session: RelaySession): Promise<void> {
    if (Date.now() - this.lastPurge < this.timing.purgeEveryMs) return;
    this.lastPurge = Date.now();
    const purged = await session.purge(this.timing.retentionS);
    if (purged > 0) this.logger.debug(`Purged ${purged} published ${this.options.context} events older than ${this.timing.retentionS} s`);
  }
}
