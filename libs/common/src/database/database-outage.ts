import { OutageLog } from '../logging/outage-log.js';

/** One outage log per database, shared by every pool of the process that uses it. */
const outages = new Map<string, OutageLog>();

/** `host:port/database` of a URL: names the database in logs without its credentials. */
export function databaseLabel(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

/**
 * The outage log of the database at `url`: contexts on the same database (the default) share
 * it, so an outage is one line when it starts and one when it ends, not one per context.
 */
export function databaseOutageLog(url: string): OutageLog {
  const label = databaseLabel(url);
  let outage = outages.get(label);
  if (!outage) {
    outage = new OutageLog(
      'Database',
      (reason) => `PostgreSQL ${label} unavailable (${reason}): requests that need it answer 503 until it is back`,
      `PostgreSQL ${label} available again`,
    );
    outages.set(label, outage);
  }
  return outage;
}
