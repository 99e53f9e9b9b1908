import type { FastifyRequest } from 'fastify';
import type { CallerIdentity, ProblemException } from '@ficus/common';

/**
 * A request after the authentication hook: `user` when a valid access token came with it,
 * `authError` when a token came but failed (raised only by routes that need a user).
 * `user.id` is what the rate limiter keys authenticated callers by.
 */
export interface AuthenticatedRequest extends FastifyRequest {
  user?: CallerIdentity & { id: string };
  authError?: ProblemException;
  /** Epoch ms by which facade calls made for this request must finish (REMOTE_CALL_TIMEOUT_MS after arrival). */
  deadline?: number;
}
