import type { IncomingMessage } from 'node:http';
import { RequestMethod, type DynamicModule, type ExecutionContext } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../config/app-config.js';
import { mapToProblem } from '../errors/problem.mapper.js';
import { traceLogFields } from '../tracing/message-tracing.js';
import { tracingActive } from '../tracing/start-tracing.js';
import { REDACTED_PATHS, redactUrl } from './redaction.js';
import { resolveRequestId } from './request-id.js';

function messageRequestId(data: unknown): string | undefined {
  const call = typeof data === 'object' && data !== null && 'call' in data ? (data as { call: unknown }).call : undefined;
  const id = typeof call === 'object' && call !== null && 'requestId' in call ? (call as { requestId: unknown }).requestId : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * pino-http options shared by every app: one line per request, ids and secrets handled.
 * `destination` replaces stdout (tests read the log lines from it).
 */
export function loggerParams(config: AppConfig, appName: string, destination?: DestinationStream): Params {
  const options: Options = {
      name: appName,
      level: config.LOG_LEVEL,
      genReqId: (request: IncomingMessage) => resolveRequestId(request),
      redact: { paths: [...REDACTED_PATHS], censor: '[Redacted]' },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      // pino-http invents an Error, stack and all, for every 5xx it logs. A real failure has been
      // logged with its own stack by the problem filter, and a 503 of a dependency outage is
      // logged once per outage: the request's line keeps its status, without an invented stack.
      customErrorObject: (_request, response, error, value: Record<string, unknown>) =>
        error.message === `failed with status code ${response.statusCode}` ? { ...value, err: undefined } : value,
      // One short line per request: what people search by, not every header (which would also
      // need redacting and dominated the bytes written per request).
      serializers: {
        req: (request: { id: string; method: string; url: string; headers: Record<string, string | undefined> }) => ({
          id: request.id,
          method: request.method,
          url: redactUrl(request.url),
          userAgent: request.headers['user-agent'],
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      // With tracing on, every line logged inside a trace names its trace and span, so a trace
      // finds its log lines and a log line its trace (OpenTelemetry's `trace_id`/`span_id`).
      mixin: tracingActive() ? traceLogFields : undefined,
      transport:
        config.logFormat === 'pretty'
          ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } }
          : undefined,
  };
  return {
    // Message handlers log in a context of their own, bound to the request id the calling app
    // sent, so one id finds a request's lines in every app it crossed.
    microservice: {
      genReqId: (context: ExecutionContext) => messageRequestId(context.switchToRpc().getData()) ?? 'unknown',
      customAttributeKeys: { reqId: 'requestId' },
      // As over HTTP: a refused message (4xx) is a warning, only a failure (5xx) is an error.
      customLogLevel: (_context: ExecutionContext, error?: unknown) =>
        error === undefined ? 'info' : mapToProblem(error).problem.status >= 500 ? 'error' : 'warn',
      // As over HTTP, the message's line says how it ended, without a stack: an unexpected failure's
      // stack is logged once by the problem filter, and a known one (a 503 while the database is
      // down, a 404) needs none — one per message would flood the log during an outage.
      customErrorObject: (_context: ExecutionContext, error: Error, value: object) => {
        const { status, code } = mapToProblem(error).problem;
        return { ...value, err: undefined, problem: { status, code } };
      },
    },
    pinoHttp: destination ? [{ ...options, transport: undefined }, destination] : options,
    // nestjs-pino's default route pattern only matches `/` on Fastify.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}

/** nestjs-pino with the platform's options; `Logger`/`PinoLogger` from nestjs-pino are then injectable. */
export function loggingModule(appName: string, destination?: DestinationStream): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => loggerParams(config, appName, destination),
  });
}
