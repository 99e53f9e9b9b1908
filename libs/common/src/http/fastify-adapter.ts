import { maxHeaderSize } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { sendProblem } from '../errors/send-problem.js';
import { REQUEST_ID_HEADER, resolveRequestId } from '../logging/request-id.js';
import { clientErrorHandler } from './client-error.js';

/** `TRUST_PROXY` as Fastify understands it: a hop count, or the list of trusted proxy addresses. */
export function trustProxySetting(entries: readonly string[]): string[] | false | ((address: string, hop: number) => boolean) {
  if (entries.length === 0) return false;
  if (entries.length === 1 && /^\d+$/.test(entries[0])) {
    // proxy-addr's hop-count semantics: trust the nearest N proxies.
    const hops = Number(entries[0]);
    return (_address, hop) => hop < hops;
  }
  return [...entries];
}

/** The Fastify instance behind every app, configured from the platform config. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT,
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    // One id for Fastify, pino and the response header (validated client id or a new UUID).
    requestIdHeader: false,
    genReqId: resolveRequestId,
    // In-flight requests finish on close; idle keep-alive sockets are closed so close can finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // No Nest middleware anywhere (request logging is a Fastify hook): no @fastify/middie on every request.
    skipMiddie: true,
    // Every path parameter reaches its route, whose own check answers (400 on the parameter);
    // Fastify's default of 100 characters answered 414 with the path in the body. Node's parser
    // bounds the request line anyway.
    routerOptions: { maxParamLength: maxHeaderSize },
    // Errors Fastify raises before routing (a malformed URL, …) would otherwise get Fastify's own
    // JSON with its internal error code and none of our headers.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void reply.header(REQUEST_ID_HEADER, request.id);
      sendProblem(error, request, reply, { error: (object, message) => request.log.error(object, message) });
    },
    // And those Node's parser raises before there is a request at all.
    clientErrorHandler: clientErrorHandler(),
  });
}
