/** Stable error codes of the todos context (`code` in problem+json); status fixed per code. */
export const TODOS_ERRORS = {
  /** 404 — no such todo for this user (another user's todo is indistinguishable from none). */
  notFound: 'todos.not_found',
  /** 412 — `If-Match` names a version the todo is no longer at. */
  versionMismatch: 'todos.version_mismatch',
  /** 422 — the Idempotency-Key was used before with a different body. */
  idempotencyKeyReused: 'todos.idempotency_key_reused',
  /** 422 — parentId is not one of the caller's top-level todos. */
  invalidParent: 'todos.invalid_parent',
  /** 409 — the user has reached TODOS_MAX_PER_USER. */
  limitReached: 'todos.limit_reached',
  /** 409 — the todo kept changing under an update without `If-Match`; retrying is safe. */
  concurrentUpdate: 'todos.concurrent_update',
} as const;

export type TodosErrorCode = (typeof TODOS_ERRORS)[keyof typeof TODOS_ERRORS];
