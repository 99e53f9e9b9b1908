import { STATUS_CODES } from 'node:http';

/** One offending input field of a validation problem. */
export interface FieldProblem {
  /** Dotted path into the request body or query, e.g. `tags.0` or `address.street`. */
  field: string;
  /** Human-readable reasons, one per failed rule. */
  messages: string[];
}

/**
 * An RFC 9457 problem document, the body of every error response (`application/problem+json`).
 * Nothing in it comes from a stack trace, a database or the file system.
 */
export interface ProblemDetails {
  /** URI identifying the problem type; stable, safe to switch on. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The request path the problem occurred on. */
  instance?: string;
  /** The request's id; quote it when reporting a problem. */
  requestId?: string;
  /** Stable machine-readable error code (facade error codes use this). */
  code?: string;
  /** Present on validation problems. */
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
const PROBLEM_TYPE_BASE = 'https://ficus.dev/problems/';

/** The problem type URI for a slug such as `validation-error`. */
export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}

/** The standard reason phrase for a status, e.g. 404 → "Not Found". */
export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Slug of the generic problem type for an HTTP status: 404 → `not-found`. */
export function statusSlug(status: number): string {
  return statusTitle(status)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
