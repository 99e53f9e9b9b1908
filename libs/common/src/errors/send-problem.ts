import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapToProblem } from './problem.mapper.js';
import { PROBLEM_CONTENT_TYPE } from './problem-details.js';

interface ErrorLogger {
  error(object: object, message: string): void;
}

/**
 * Renders an error as a problem document on a Fastify reply. Shared by the Nest exception
 * filter and Fastify's `frameworkErrors` handler, which sees errors raised before routing.
 */
export function sendProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: ErrorLogger): void {
  const { problem, unexpected, retryAfterSeconds } = mapToProblem(exception);
  if (unexpected) logger.error({ err: exception, requestId: request.id }, 'Unhandled error while serving a request');
  if (reply.sent) return;
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: request.url.split('?')[0], requestId: request.id });
}
