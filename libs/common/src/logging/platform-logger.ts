import { pino, type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { traceLogFields } from '../tracing/message-tracing.js';
import { tracingActive } from '../tracing/start-tracing.js';
import { scrubSecrets } from './redaction.js';
import { currentRequestId } from './request-context.js';

/** Bytes a JSON log destination gathers before it writes: one write per batch of lines, not per line. */
const BUFFER_BYTES = 4096;
/** A quiet process still shows its lines within this long. */
const FLUSH_INTERVAL_MS = 250;

/**
 * stdout as a buffered, asynchronous destination: lines are gathered and written in batches
 * off the request's path. pino flushes it synchronously when the process exits — `process.exit`,
 * the end of the event loop, and an uncaught exception (which exits through 'exit' too) — so no
 * line written before the exit is lost; a timer flushes what a quiet process has gathered.
 */
export function bufferedStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: BUFFER_BYTES, periodicFlush: FLUSH_INTERVAL_MS });
}

/** True for a child logger bound to a requestId (pino keeps a child's bindings as a JSON fragment). */
function hasOwnRequestId(logger: Logger): boolean {
  const bindings = (logger as unknown as Record<symbol, unknown>)[pino.symbols.chindingsSym];
  return typeof bindings === 'string' && bindings.includes('"requestId":');
}

/**
 * The request's id for a line, as pino's mixin (`(fields, level, logger)`): not on a logger that
 * has a requestId of its own (a message handler's, bound by nestjs-pino) — one line, one key.
 */
function requestIdField(_fields: object, _level: number, logger: Logger): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId === undefined || hasOwnRequestId(logger) ? {} : { requestId };
}

/**
 * The one pino logger of an app: Nest's logger (through nestjs-pino), the request lines and
 * everything application code logs go through it.
 *
 * - Every line written while a request is served carries its `requestId` (see request-context.ts);
 *   with tracing on, every line logged inside a trace names its trace and span (OpenTelemetry's
 *   `trace_id`/`span_id`), so a trace finds its log lines and a log line its trace.
 * - Secrets: every line's fields pass `scrubSecrets` — the values of secret keys (password, token,
 *   authorization, cookie, …) are replaced at any depth, errors included, with a bounded walk —
 *   and request lines are built from whitelisted fields only (see request-logging.ts).
 * - `destination` replaces stdout (tests read the lines from it); `pretty` format goes through
 *   pino-pretty in a worker.
 */
export function createPlatformLogger(config: AppConfig, appName: string, destination?: DestinationStream): Logger {
  const options = {
    name: appName,
    level: config.LOG_LEVEL,
    mixin: tracingActive() ? (fields: object, level: number, logger: Logger) => ({ ...requestIdField(fields, level, logger), ...traceLogFields() }) : requestIdField,
    formatters: { log: scrubSecrets },
  };
  if (destination) return pino(options, destination);
  if (config.logFormat === 'pretty') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino(options, bufferedStdout());
}
