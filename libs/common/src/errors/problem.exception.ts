import { HttpException } from '@nestjs/common';
import { problemType, statusSlug, statusTitle, type FieldProblem } from './problem-details.js';

export interface ProblemInit {
  status: number;
  /** Slug appended to the problem type base; defaults to the status' own slug. */
  type?: string;
  title?: string;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
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

  constructor(init: ProblemInit) {
    super(init.detail ?? statusTitle(init.status), init.status);
    this.problemType = problemType(init.type ?? statusSlug(init.status));
    this.title = init.title ?? statusTitle(init.status);
    this.detail = init.detail;
    this.code = init.code;
    this.errors = init.errors;
  }
}

/** 400 with the list of offending fields; raised by the global ValidationPipe. */
export class ValidationProblem extends ProblemException {
  constructor(errors: FieldProblem[], detail = 'The request has invalid fields.') {
    super({ status: 400, type: 'validation-error', title: 'Validation failed', detail, errors });
  }
}
