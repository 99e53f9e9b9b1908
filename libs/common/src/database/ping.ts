import { withTimeout } from '@ficus/resilience';
import { Client, type Pool, type QueryConfig } from 'pg';

/** How long a readiness probe waits for the database by default. */
export const DEFAULT_PING_TIMEOUT_MS = 2000;

const OPERATION = 'database ping';

async function pingUrl(url: string, timeoutMs: number): Promise<void> {
  // The outer timeout decides. pg's own timeouts are only a backstop that closes the socket later:
  // equal to the outer one they raced it and sometimes rejected with a plain Error instead.
  const backstopMs = timeoutMs * 2;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: backstopMs, query_timeout: backstopMs });
  // A connection the server drops must reject the ping, not crash the process.
  client.on('error', () => undefined);
  try {
    await withTimeout(
      client.connect().then(() => client.query('SELECT 1')),
      timeoutMs,
      OPERATION,
    );
  } finally {
    // Not awaited: on a server that never answers, end() waits for the backstop to close the socket.
    void client.end().catch(() => undefined);
  }
}

/**
 * Resolves when the database answers `SELECT 1` within `timeoutMs`, rejects otherwise (with a
 * `TimeoutError` from @ficus/resilience when time runs out). With a URL it opens and closes its
 * own connection; with a pool it uses (and may wait for) one of the pool's connections, so a
 * saturated pool reads as "not ready" too.
 */
export function pingDatabase(target: string | Pool, timeoutMs = DEFAULT_PING_TIMEOUT_MS): Promise<void> {
  if (typeof target === 'string') return pingUrl(target, timeoutMs);
  // pg honours a per-query `query_timeout`; @types/pg does not declare it. It is a backstop that
  // frees the pooled connection; the outer timeout (which also bounds waiting for a connection)
  // fires first because it is shorter.
  const query: QueryConfig & { query_timeout: number } = { text: 'SELECT 1', query_timeout: timeoutMs * 2 };
  return withTimeout(
    target.query(query).then(() => undefined),
    timeoutMs,
    OPERATION,
  );
}
