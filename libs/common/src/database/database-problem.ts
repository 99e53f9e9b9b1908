import { PLATFORM_ERRORS } from '../errors/platform-errors.js';
import { problemType, statusTitle, type ProblemDetails } from '../errors/problem-details.js';
import { databaseFailureOf } from './database-failure.js';

/** A database failure as the client sees it: always 503 with `Retry-After`. */
export interface DatabaseProblem {
  problem: ProblemDetails;
  retryAfterSeconds: number;
}

const PROBLEMS = {
  unavailable: {
    problem: {
      type: problemType('database-unavailable'),
      title: statusTitle(503),
      status: 503,
      detail: 'The database is unavailable; retry after the time in the Retry-After header.',
      code: PLATFORM_ERRORS.databaseUnavailable,
    },
    // A restarted server or a replaced connection is usually back within a second or two.
    retryAfterSeconds: 2,
  },
  busy: {
    problem: {
      type: problemType('database-busy'),
      title: statusTitle(503),
      status: 503,
      detail: 'The database is busy; retry shortly.',
      code: PLATFORM_ERRORS.databaseBusy,
    },
    retryAfterSeconds: 1,
  },
} as const satisfies Record<string, DatabaseProblem>;

/**
 * The problem a failed database call becomes in every context — 503 `platform.database_unavailable`
 * or `platform.database_busy`, with `Retry-After` — naming no host, table or query; `undefined`
 * for any other error (a constraint violation keeps its own mapping).
 */
export function databaseProblem(error: unknown): DatabaseProblem | undefined {
  const failure = databaseFailureOf(error);
  return failure === undefined ? undefined : { problem: { ...PROBLEMS[failure].problem }, retryAfterSeconds: PROBLEMS[failure].retryAfterSeconds };
}
