import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapToProblem } from './problem.mapper.js';
import { PROBLEM_CONTENT_TYPE } from './problem-details.js';

interface ErrorLogger {
  error(object: object, message: string): void;
}

/**
 * Every 401 challenges the client (RFC 9110 §15.5.2) with the API's one scheme, bearer tokens;
 * without an error code unless the problem names one (RFC 6750 §3.1: a token that failed).
 */
const BEARER_CHALLENGE = 'Bearer';

/**
 * Renders an error as a problem document on a Fastify reply. Shared by the Nest exception
 * filter and Fastify's `frameworkErrors` handler, which sees errors raised before routing.
 */
export function sendProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: ErrorLogger): void {
  const { problem, unexpected, retryAfterSeconds, headers } = mapToProblem(exception);
  if (unexpected) logger.error({ err: exception, requestId: request.id }, 'Unhandled error while serving a request');
  if (reply.sent) return;
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  if (problem.status === 401) void reply.header('www-authenticate', BEARER_CHALLENGE);
  if (headers) void reply.headers(headers);
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: request.url.split('?')[0], requestId: request.id });
}
