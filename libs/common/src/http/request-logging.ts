import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { redactUrl } from '../logging/redaction.js';

/**
 * The one line per request: at `info` for a success, `warn` for a 4xx, `error` for a 5xx (or
 * a client that left: `aborted`). Only whitelisted fields — the id, method, URL with secret query
 * values redacted, user agent, status and time — so no header or body can leak into it.
 */
export function logRequest(logger: Logger, request: FastifyRequest, statusCode: number, elapsedMs: number, aborted = false): void {
  const level = aborted ? 'warn' : statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const userAgent = request.headers['user-agent'];
  logger[level](
    {
      requestId: request.id,
      req: { id: request.id, method: request.method, url: redactUrl(request.url), userAgent },
      res: { statusCode },
      responseTime: Math.round(elapsedMs * 1000) / 1000,
    },
    aborted ? 'request aborted' : statusCode >= 500 ? 'request errored' : 'request completed',
  );
}
