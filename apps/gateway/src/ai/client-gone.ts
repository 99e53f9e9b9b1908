import type { FastifyReply } from 'fastify';
import { CLIENT_CLOSED_REQUEST, ProblemException } from '@ficus/common';

/**
 * A signal that aborts when the client closes the connection before its response was sent, so
 * work done only for that response (a model request) stops. Its reason is a 499 problem: the
 * request ends as the client's doing, not as an error of ours (no 500, no stack in the log),
 * and counts as 499 like any request whose client left.
 */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (reply.raw.writableFinished) return;
    controller.abort(new ProblemException({ status: Number(CLIENT_CLOSED_REQUEST), type: 'client-closed-request', title: 'Client Closed Request', detail: 'The client left before the answer.' }));
  });
  return controller.signal;
}
