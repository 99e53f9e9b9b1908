import { withTimeout } from '@ficus/resilience';
import { Client, type Pool, type QueryConfig } from 'pg';

/** How long a readiness probe waits for the database by default. */
export const DEFAULT_PING_TIMEOUT_MS = 2000;

async function pingUrl(url: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A connection the server drops must reject the ping, not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Resolves when the database answers `SELECT 1` within `timeoutMs`, rejects otherwise (with a
 * `TimeoutError` from @ficus/resilience when time runs out). With a URL it opens and closes its
 * own connection; with a pool it uses (and may wait for) one of the pool's connections, so a
 * saturated pool reads as "not ready" too.
 */
export function pingDatabase(target: string | Pool, timeoutMs = DEFAULT_PING_TIMEOUT_MS): Promise<void> {
  // pg honours a per-query `query_timeout`; @types/pg does not declare it.
  const query: QueryConfig & { query_timeout: number } = { text: 'SELECT 1', query_timeout: timeoutMs };
  const ping = typeof target === 'string' ? pingUrl(target, timeoutMs) : target.query(query).then(() => undefined);
  // The outer timeout also bounds DNS, TLS and waiting for a pooled connection.
  return withTimeout(ping, timeoutMs, 'database ping');
}
