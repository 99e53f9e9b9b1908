import { HttpException } from '@nestjs/common';
import { problemType, statusSlug, statusTitle, type FieldProblem } from './problem-details.js';

export interface ProblemInit {
  status: number;
  /** Slug appended to the problem type base (or a full type URI); defaults to the status' own slug. */
  type?: string;
  title?: string;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
  /** Sent as `Retry-After` (seconds) with the response: when the client may try again. */
  retryAfterSeconds?: number;
  /**
   * More response headers over HTTP (e.g. a `WWW-Authenticate` challenge). The edge's own:
   * not carried to another app with the problem.
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * Raised again from another app's answer: that app has logged an unexpected failure where it
   * happened (with its stack), so this one does not log it a second time.
   */
  relayed?: boolean;
}

/**
 * An error that already knows the problem document it becomes. Throw it (or a subclass) from
 * anywhere; the global filter renders it as `application/problem+json`.
 */
export class ProblemException extends HttpException {
  readonly problemType: string;
  readonly title: string;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: FieldProblem[];
  readonly retryAfterSeconds?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly relayed: boolean;

  constructor(init: ProblemInit) {
    super(init.detail ?? statusTitle(init.status), init.status);
    this.problemType = init.type?.includes('://') ? init.type : problemType(init.type ?? statusSlug(init.status));
    this.title = init.title ?? statusTitle(init.status);
    this.detail = init.detail;
    this.code = init.code;
    this.errors = init.errors;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.headers = init.headers;
    this.relayed = init.relayed ?? false;
  }

  /** Everything needed to raise the identical exception in another process (see the RPC filter). */
  toInit(): ProblemInit {
    return {
      status: this.getStatus(),
      type: this.problemType,
      title: this.title,
      detail: this.detail,
      code: this.code,
      errors: this.errors,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }
}

/**
 * 400 with the list of offending fields; raised by the global ValidationPipe, and by services
 * for rules a DTO cannot check (then with a `code`, e.g. `auth.weak_password`).
 */
export class ValidationProblem extends ProblemException {
  constructor(errors: FieldProblem[], detail = 'The request has invalid fields.', code?: string) {
    super({ status: 400, type: 'validation-error', title: 'Validation failed', detail, errors, code });
  }
}
