import { Module, type DynamicModule, type ExecutionContext } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { DestinationStream, Logger } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { mapToProblem } from '../errors/problem.mapper.js';
import { createPlatformLogger } from './platform-logger.js';

/** Injection token of the app's one pino logger (see createPlatformLogger). */
export const PLATFORM_LOGGER = Symbol('ficus.platformLogger');

function messageRequestId(data: unknown): string | undefined {
  const call = typeof data === 'object' && data !== null && 'call' in data ? (data as { call: unknown }).call : undefined;
  const id = typeof call === 'object' && call !== null && 'requestId' in call ? (call as { requestId: unknown }).requestId : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * nestjs-pino on the app's one logger. HTTP requests are logged by Fastify hooks (see
 * configure-http.ts), not by pino-http as Nest middleware: no route gets nestjs-pino's
 * middleware, so Fastify runs without middie. Message handlers keep nestjs-pino's own context.
 */
export function loggerParams(logger: Logger): Params {
  return {
    pinoHttp: { logger },
    forRoutes: [],
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
  };
}

@Module({})
class PlatformLoggingModule {}

/**
 * The app's logger (PLATFORM_LOGGER) and nestjs-pino on it: `Logger`/`PinoLogger` from
 * nestjs-pino are then injectable. `destination` replaces stdout (tests read the lines from it).
 */
export function loggingModule(appName: string, config: AppConfig, destination?: DestinationStream): DynamicModule {
  const logger = createPlatformLogger(config, appName, destination);
  return {
    module: PlatformLoggingModule,
    global: true,
    imports: [LoggerModule.forRoot(loggerParams(logger))],
    providers: [{ provide: PLATFORM_LOGGER, useValue: logger }],
    exports: [PLATFORM_LOGGER, LoggerModule],
  };
}
