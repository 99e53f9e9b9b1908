import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Header a client (or an upstream proxy) may send to correlate logs; echoed on every response. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Printable, URL-safe and short: anything else could forge log lines or bloat every entry. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
const RESOLVED = Symbol('ficus.requestId');

type WithRequestId = IncomingMessage & { [RESOLVED]?: string };

/**
 * The request's id: the client's `x-request-id` when it is acceptable, else a fresh UUID.
 * Memoised on the raw request so Fastify and pino-http, which each ask, agree on one value.
 */
export function resolveRequestId(request: IncomingMessage): string {
  const raw = request as WithRequestId;
  if (raw[RESOLVED]) return raw[RESOLVED];
  const offered = request.headers[REQUEST_ID_HEADER];
  const id = typeof offered === 'string' && ACCEPTABLE_REQUEST_ID.test(offered) ? offered : randomUUID();
  raw[RESOLVED] = id;
  return id;
}
