import type { FastifyReply } from 'fastify';
import { ProblemException } from '@ficus/common';

/** Status of a request whose client closed the connection before the answer (nginx's 499). */
const CLIENT_CLOSED_REQUEST = 499;

/**
 * A signal that aborts when the client closes the connection before its response was sent, so
 * work done only for that response (a model request) stops. Its reason is a 499 problem: the
 * request ends as the client's doing, not as an error of ours (no 500, no stack in the log).
 */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (reply.raw.writableFinished) return;
    controller.abort(new ProblemException({ status: CLIENT_CLOSED_REQUEST, type: 'client-closed-request', title: 'Client Closed Request', detail: 'The client left before the answer.' }));
  });
  return controller.signal;
}
