/**
 * Stable codes of failures the platform itself answers, whatever the context (`code` in
 * problem+json). A 5xx problem with a code is a known, handled condition: it is not logged as an
 * unhandled error a second time.
 */
export const PLATFORM_ERRORS = {
  /**
   * 503 with `Retry-After` — a shared store a request needs (Redis: rate-limit counters, login
   * throttling, session revocations) did not answer. Repeating the request later completes it.
   */
  storeUnavailable: 'platform.store_unavailable',
  /**
   * 503 with `Retry-After` — the database is down, restarting, or cut the request's connection.
   * Repeat the request; a create with the same Idempotency-Key, so that it happens only once.
   */
  databaseUnavailable: 'platform.database_unavailable',
  /**
   * 503 with `Retry-After` — the database is up but the request ran out of time waiting for a
   * connection, a lock (one user's creates queue behind each other) or a statement.
   */
  databaseBusy: 'platform.database_busy',
} as const;
