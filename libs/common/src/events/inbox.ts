import type { Pool, PoolClient } from 'pg';
import { executeIn, type PrismaRawTransaction } from './event-transaction.js';

const REMEMBER = 'INSERT INTO inbox_events (consumer, event_id) VALUES ($1::varchar, $2::uuid) ON CONFLICT DO NOTHING';
const PURGE = `DELETE FROM inbox_events WHERE (consumer, event_id) IN (
  SELECT consumer, event_id FROM inbox_events WHERE processed_at < now() - make_interval(secs => $1::int) LIMIT 10000)`;

/**
 * A consumer's memory of the events it handled, in the consumer's own database: the event id is
 * written in the same transaction as the effect, so an effect happens at most once per event
 * however often the event is delivered, and a failed effect leaves no id behind.
 */
export interface Inbox<Tx> {
  /**
   * Runs `effect` in a transaction that also records `eventId` for `consumer`; resolves false,
   * without running it, when the id is recorded already (a redelivery). A concurrent delivery
   * of the same event waits for the first one's transaction and is then recognised.
   */
  once(consumer: string, eventId: string, effect: (tx: Tx) => Promise<void>): Promise<boolean>;
  /** Forgets ids older than `retentionS` (when no redelivery can bring them back); resolves how many. */
  purge(retentionS: number): Promise<number>;
}

/** An inbox on a pg pool of the consumer's context (search_path = its schema); effects get the transaction's client. */
export function pgInbox(pool: Pool): Inbox<PoolClient> {
  return {
    async once(consumer, eventId, effect) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const fresh = (await client.query(REMEMBER, [consumer, eventId])).rowCount === 1;
        if (fresh) await effect(client);
        await client.query('COMMIT');
        return fresh;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async purge(retentionS) {
      return (await pool.query(PURGE, [retentionS])).rowCount ?? 0;
    },
  };
}

/** A Prisma client of the consumer's context, as far as the inbox needs it. */
export interface PrismaTransactions<Tx extends PrismaRawTransaction> extends PrismaRawTransaction {
  $transaction<T>(work: (tx: Tx) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T>;
}

/** Raised inside the transaction to roll back a redelivery's (empty) transaction. */
class AlreadyHandled extends Error {}

/** An inbox on a context's Prisma client; effects get Prisma's interactive transaction client. */
export function prismaInbox<Tx extends PrismaRawTransaction>(prisma: PrismaTransactions<Tx>): Inbox<Tx> {
  return {
    async once(consumer, eventId, effect) {
      try {
        await prisma.$transaction(async (tx) => {
          if ((await executeIn(tx, REMEMBER, [consumer, eventId])) === 0) throw new AlreadyHandled();
          await effect(tx);
        });
        return true;
      } catch (error) {
        if (error instanceof AlreadyHandled) return false;
        throw error;
      }
    },
    async purge(retentionS) {
      return executeIn(prisma, PURGE, [retentionS]);
    },
  };
}
