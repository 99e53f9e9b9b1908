import compress from '@fastify/compress';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { PLATFORM_LOGGER } from '../logging/logging.module.js';
import { runInRequest } from '../logging/request-context.js';
import { REQUEST_ID_HEADER } from '../logging/request-id.js';
import { CLIENT_CLOSED_REQUEST, HTTP_DURATION_METRIC } from '../metrics/http-metrics.js';
import { nameHttpServerSpan } from '../tracing/http-tracing.js';
import { tracingActive } from '../tracing/start-tracing.js';
import { acceptOnlyJsonBodies } from './json-body.js';
import { logRequest } from './request-logging.js';
import { securityHeaders } from './security-headers.js';

/**
 * Fastify-level concerns that must see every response, including the ones Nest never routes
 * (404s, body-parser rejections): JSON-only bodies, helmet's security headers, compression,
 * CORS, request id, latency, the trace's route name, and the one log line per request.
 */
export async function configureHttp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  const fastify = app.getHttpAdapter().getInstance();
  const histogram = app.get<Histogram<string>>(getToken(HTTP_DURATION_METRIC));
  const readiness = app.get(ReadinessRegistry);
  const logger = app.get<Logger>(PLATFORM_LOGGER);

  acceptOnlyJsonBodies(fastify);
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({
      origin: config.CORS_ORIGINS,
      credentials: config.CORS_CREDENTIALS,
      exposedHeaders: [REQUEST_ID_HEADER, 'retry-after', 'etag', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    });
  }

  // The route template, never the raw URL: unmatched paths would explode label cardinality.
  const observe = (request: FastifyRequest, statusCode: string, elapsedMs: number): void => {
    histogram.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: statusCode }, elapsedMs / 1000);
  };

  const security = securityHeaders();
  const tracing = tracingActive();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(security).header(REQUEST_ID_HEADER, request.id);
    if (tracing) nameHttpServerSpan(request.method, request.routeOptions.url);
    // A client that leaves before its answer is complete never reaches onResponse, and those
    // are the slow requests: count them as 499 (client closed request) when they leave.
    reply.raw.once('close', () => {
      if (reply.raw.writableFinished) return;
      observe(request, CLIENT_CLOSED_REQUEST, reply.elapsedTime);
      logRequest(logger, request, Number(CLIENT_CLOSED_REQUEST), reply.elapsedTime, true);
    });
    // Every line logged from here on carries the request's id (see request-context.ts) …
    runInRequest(request.id, done);
  });
  // … and again once the body has been read: its stream events run outside the request's context.
  fastify.addHook('preHandler', (request, _reply, done) => runInRequest(request.id, done));
  // While draining, every response ends its connection: keep-alive sockets would otherwise hold
  // the server open until their idle timeout, and clients reconnect to a healthy instance.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (readiness.isDraining) void reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    // A response that failed to finish (its client left) was counted when the connection closed.
    if (reply.raw.writableFinished) {
      observe(request, String(reply.statusCode), reply.elapsedTime);
      logRequest(logger, request, reply.statusCode, reply.elapsedTime);
    }
    done();
  });
}
