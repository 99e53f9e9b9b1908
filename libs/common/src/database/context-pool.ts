import { AsyncResource } from 'node:async_hooks';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { OutageLog } from '../logging/outage-log.js';
import { databaseFailureOf, markDatabaseUnavailable } from './database-failure.js';

type ConnectCallback = Parameters<Pool['connect']>[0];

/**
 * A context's pg pool that survives its database: no lost connection can crash the process,
 * broken connections leave the pool, and the outage is logged once when it starts and once when
 * the next connection succeeds.
 *
 * pg reports a lost connection as an `'error'` event on its client, whoever holds it. pg-pool
 * listens only while a client is idle, and a client it hands to a promise waiter (Prisma's
 * transactions) has no listener until that waiter runs — a connection cut in that gap raised an
 * unhandled `'error'` and ended the process. So every client gets a listener of its own for
 * life. A client that failed is not queryable any more, and pg-pool drops such clients on
 * release (or at once when idle).
 */
export class ContextPool extends Pool {
  /**
   * The outage is logged in the pool's own async context: a connection's events run in the
   * context of the request that happened to open it, whose id would be logged with the outage.
   */
  private readonly scope = new AsyncResource('ficus.ContextPool');

  constructor(
    config: PoolConfig,
    private readonly outage: OutageLog,
  ) {
    super(config);
    // An idle client's failure reaches the pool too; its own listener has reported it.
    this.on('error', () => undefined);
    this.on('connect', (client) => {
      client.on('error', (error) => this.failed(error));
      this.scope.runInAsyncScope(() => this.outage.recovered());
    });
  }

  override end(): Promise<void>;
  override end(callback: () => void): void;
  override end(callback?: () => void): Promise<void> | void {
    this.scope.emitDestroy();
    return callback ? super.end(callback) : super.end();
  }

  override connect(): Promise<PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<PoolClient> | void {
    if (!callback) return super.connect().catch((error: unknown) => Promise.reject(this.connectFailed(error)));
    super.connect((error, client, done) => callback(error && this.connectFailed(error), client, done));
  }

  /** No connection: the database is unreachable (reported), or every connection is in use (busy). */
  private connectFailed<E>(error: E): E {
    if (databaseFailureOf(error) !== 'busy') this.failed(error);
    return error;
  }

  /** Marks the failure as the database's, so whoever sees it answers 503, and reports the outage. */
  private failed(error: unknown): void {
    markDatabaseUnavailable(error);
    this.scope.runInAsyncScope(() => this.outage.report(error));
  }
}
