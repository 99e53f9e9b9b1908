import { TimeoutError } from 'rxjs';
import type { ContextName } from '../config/contexts.js';
import { ProblemException } from '../errors/problem.exception.js';
import { isWireProblem } from './message-envelope.js';

/** Error codes of failed remote calls, the same for every context. */
export const TRANSPORT_ERRORS = {
  /** 503 — the context could not be reached (no instance, connection refused). */
  unavailable: 'context.unavailable',
  /** 504 — the context did not answer within the call's budget. */
  timeout: 'context.timeout',
} as const;

/** Error code of a call whose deadline passed before it was answered: nobody waits for its answer any more. */
export const DEADLINE_EXCEEDED = 'context.deadline_exceeded';

/** 504 for work whose deadline has passed; as a context timeout, the next try may well make it in time. */
export function deadlineExceeded(): ProblemException {
  return new ProblemException({ status: 504, type: 'context-timeout', code: DEADLINE_EXCEEDED, detail: 'The call deadline has passed.', retryAfterSeconds: 1 });
}

/** Error code of messages refused for a missing, wrong or stale service credential or caller attestation. */
export const SERVICE_UNAUTHENTICATED = 'service.unauthenticated';

/** 401 for a message whose sender, or the caller it names, cannot be trusted; always answered unsigned. */
export function serviceUnauthenticated(detail: string): ProblemException {
  return new ProblemException({ status: 401, type: 'service-unauthenticated', code: SERVICE_UNAUTHENTICATED, detail });
}

/** A context that did not answer in time may well answer the next try (a repeated create is safe with its Idempotency-Key). */
export function contextTimeout(context: ContextName, retryAfterSeconds = 1): ProblemException {
  return new ProblemException({
    status: 504,
    type: 'context-timeout',
    code: TRANSPORT_ERRORS.timeout,
    detail: `The ${context} service did not answer in time.`,
    retryAfterSeconds,
  });
}

export function contextUnavailable(context: ContextName, retryAfterSeconds = 1): ProblemException {
  return new ProblemException({
    status: 503,
    type: 'context-unavailable',
    code: TRANSPORT_ERRORS.unavailable,
    detail: `The ${context} service is unavailable; retry shortly.`,
    retryAfterSeconds,
  });
}

/**
 * What a failed remote call becomes at the caller: the handler's own problem raised again
 * (so the edge answers exactly as if the call had been local), or 503/504 for transport
 * failures — never a hang, never a 500 for an unreachable context.
 */
export function remoteCallError(error: unknown, context: ContextName): ProblemException {
  if (isWireProblem(error)) return new ProblemException({ ...error.ficusProblem, relayed: true });
  if (error instanceof TimeoutError) return contextTimeout(context);
  // Everything else is the transport's: NATS answers a request nobody subscribes to with an
  // empty "no responders" reply (EmptyResponseException); TCP refuses the connection.
  return contextUnavailable(context);
}
