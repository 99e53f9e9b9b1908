/**
 * Stable error codes of the ai context (`code` in problem+json); the status is fixed per code
 * and identical whichever adapter served the call. Failures of the model itself carry the
 * resilience codes (`dependency.circuit_open` 503, `dependency.busy` 503, `dependency.timeout`
 * 504, `dependency.upstream_failed` 502) when the fallback is off or does not apply.
 */
export const AI_ERRORS = {
  /** 502 — the model's answer was not the JSON asked for, even after one repair attempt. */
  invalidOutput: 'ai.invalid_output',
  /** 422 — `apply` on a subtask: subtasks cannot have subtasks of their own. */
  notTopLevel: 'ai.not_top_level',
} as const;

export type AiErrorCode = (typeof AI_ERRORS)[keyof typeof AI_ERRORS];
