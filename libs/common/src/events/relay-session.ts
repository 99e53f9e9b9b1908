import { Client } from 'pg';
import type { ContextDatabaseOptions } from '../database/context-database.js';
import { contextPoolConfig } from '../database/prisma-adapter.js';
import { outboxChannel } from './outbox-channel.js';
import { MARK_FAILED, MARK_PUBLISHED, PENDING_STATS, PURGE_PUBLISHED, SELECT_PENDING, type OutboxRow } from './outbox-rows.js';

/** How many events wait in an outbox, and for how long the oldest has. */
export interface OutboxBacklog {
  pending: number;
  oldestSeconds: number;
}

/**
 * A relay's own connection to its context's database (not a pooled one: leadership and LISTEN
 * belong to one session). The leader holds a session-level advisory lock on the context's
 * outbox, so among all instances hosting the context exactly one publishes, in sequence order;
 * the lock ends with the session, so a leader that dies (or loses its connection) hands over to
 * the next instance that asks.
 */
export class RelaySession {
  private broken?: unknown;

  private constructor(
    private readonly client: Client,
    private readonly schema: string,
  ) {}

  /** Connects; `onSignal` is called on every notification of the outbox channel and when the connection fails. */
  static async open(database: ContextDatabaseOptions, onSignal: () => void): Promise<RelaySession> {
    const { max: _max, ...config } = contextPoolConfig(database);
    // A connection that went silent (a dead peer, a partition) fails its query instead of
    // holding the relay for ever; statement_timeout only works on a server that answers.
    const client = new Client({ ...config, keepAlive: true, query_timeout: (config.statement_timeout || 2000) * 2 });
    const session = new RelaySession(client, database.schema);
    // A lost connection must not end the process; the next query fails and the relay reconnects.
    client.on('error', (error) => {
      session.broken ??= error;
      onSignal();
    });
    client.on('notification', () => onSignal());
    try {
      await client.connect();
    } catch (error) {
      void client.end().catch(() => undefined);
      throw error;
    }
    return session;
  }

  /** The connection's failure, once it failed. */
  get failure(): unknown {
    return this.broken;
  }

  /** Takes the outbox's leadership if nobody holds it; true when this session now leads. */
  async tryLead(): Promise<boolean> {
    const { rows } = await this.client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('ficus.outbox'), hashtext($1)) AS locked", [this.schema]);
    if (!rows[0]?.locked) return false;
    await this.client.query(`LISTEN ${outboxChannel(this.schema)}`);
    return true;
  }

  async pending(limit: number): Promise<OutboxRow[]> {
    return (await this.client.query<OutboxRow>(SELECT_PENDING, [limit])).rows;
  }

  async markPublished(sequences: string[]): Promise<void> {
    await this.client.query(MARK_PUBLISHED, [sequences]);
  }

  async markFailed(sequence: string, error: string): Promise<void> {
    await this.client.query(MARK_FAILED, [sequence, error]);
  }

  async backlog(): Promise<OutboxBacklog> {
    const { rows } = await this.client.query<OutboxBacklog>(PENDING_STATS);
    return rows[0] ?? { pending: 0, oldestSeconds: 0 };
  }

  /** Deletes published rows older than `retentionS`; resolves how many. */
  async purge(retentionS: number): Promise<number> {
    return (await this.client.query(PURGE_PUBLISHED, [retentionS])).rowCount ?? 0;
  }

  /** Ends the session (and with it the leadership). Never waits on a server that does not answer. */
  close(): void {
    void this.client.end().catch(() => undefined);
  }
}
