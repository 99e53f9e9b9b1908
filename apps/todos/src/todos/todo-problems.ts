import { ProblemException } from '@ficus/common';
import { TODOS_ERRORS } from '@ficus/contracts/todos';

// The todos context's failures, one factory each, so every adapter raises identical problems.

/** 404: unknown id, or another user's todo — deliberately the same answer. */
export function todoNotFound(): ProblemException {
  return new ProblemException({ status: 404, code: TODOS_ERRORS.notFound, detail: 'No such todo.' });
}

/** 412: the todo is no longer at the version the client named. */
export function versionMismatch(expected: number, current: number): ProblemException {
  return new ProblemException({
    status: 412,
    code: TODOS_ERRORS.versionMismatch,
    detail: `The todo is at version ${current}, not ${expected}; fetch it again and retry.`,
  });
}

/** 422 on `parentId`: not one of the caller's top-level todos. */
export function invalidParent(reason: string): ProblemException {
  return new ProblemException({
    status: 422,
    code: TODOS_ERRORS.invalidParent,
    detail: 'A subtask needs one of your top-level todos as its parent.',
    errors: [{ field: 'parentId', messages: [reason] }],
  });
}

/** 422: the Idempotency-Key was used for a different request. */
export function idempotencyKeyReused(): ProblemException {
  return new ProblemException({
    status: 422,
    code: TODOS_ERRORS.idempotencyKeyReused,
    detail: 'This Idempotency-Key was used with a different request body; use a new key for a new todo.',
  });
}

/** 409: the user already has as many todos as allowed. */
export function limitReached(limit: number): ProblemException {
  return new ProblemException({
    status: 409,
    code: TODOS_ERRORS.limitReached,
    detail: `You have reached the limit of ${limit} todos; delete some to create more.`,
  });
}

/** 409: an update without If-Match lost the race to other writers several times in a row. */
export function concurrentUpdate(): ProblemException {
  return new ProblemException({
    status: 409,
    code: TODOS_ERRORS.concurrentUpdate,
    detail: 'The todo kept changing while it was being updated; retry.',
  });
}
