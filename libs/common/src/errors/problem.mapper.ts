import { HttpException } from '@nestjs/common';
import { databaseProblem } from '../database/database-problem.js';
import { resilienceProblem } from '../resilience/resilience-problem.js';
import { ProblemException } from './problem.exception.js';
import { problemType, statusSlug, statusTitle, type ProblemDetails } from './problem-details.js';

/** A problem plus whether the cause deserves an error log (anything we did not anticipate). */
export interface MappedProblem {
  problem: ProblemDetails;
  unexpected: boolean;
  /** Seconds for the `Retry-After` header, when the error says when to retry. */
  retryAfterSeconds?: number;
  /** More response headers the error asks for (see ProblemInit.headers). */
  headers?: Readonly<Record<string, string>>;
}

type ErrorLike = Error & { code?: unknown; statusCode?: unknown };

function generic(status: number, detail?: string, slug = statusSlug(status)): ProblemDetails {
  return { type: problemType(slug), title: statusTitle(status), status, ...(detail ? { detail } : {}) };
}

/** Fastify rejects some requests before Nest sees them (body parsing, limits). */
const FASTIFY_PROBLEMS: Record<string, () => ProblemDetails> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => generic(413, 'The request body is larger than this server accepts.', 'payload-too-large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    generic(415, 'This endpoint accepts application/json request bodies.', 'unsupported-media-type'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => generic(400, 'The request body is not valid JSON.', 'malformed-body'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    generic(400, 'The request body is empty but its content type says JSON.', 'malformed-body'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => generic(400, 'The Content-Length header does not match the body.', 'malformed-body'),
  FST_ERR_BAD_URL: () => generic(400, 'The request URL is malformed.', 'malformed-url'),
};

/**
 * Prisma errors identified by name and code rather than class, because every context has its
 * own generated client and therefore its own error classes.
 */
const PRISMA_PROBLEMS: Record<string, () => ProblemDetails> = {
  P2002: () => generic(409, 'A resource with the same unique value already exists.', 'conflict'),
  P2003: () => generic(409, 'The operation conflicts with related data.', 'conflict'),
  P2025: () => generic(404, 'The resource does not exist.', 'not-found'),
  P2034: () => generic(409, 'The operation conflicted with a concurrent change; retry it.', 'conflict'),
  // Input the database rejected: too long for its column, a missing required value, a malformed id.
  P2000: () => generic(400, 'A value is too long.', 'invalid-value'),
  P2011: () => generic(400, 'A required value is missing.', 'invalid-value'),
  P2023: () => generic(400, 'A value has an invalid format.', 'invalid-value'),
};

/**
 * Raw queries through a driver adapter fail as P2010 with the adapter's error kind instead of
 * the specific code; map the constraint kinds the same way.
 */
const ADAPTER_ERROR_KINDS: Record<string, string> = {
  UniqueConstraintViolation: 'P2002',
  ForeignKeyConstraintViolation: 'P2003',
  NullConstraintViolation: 'P2011',
  LengthMismatch: 'P2000',
};

function prismaCode(error: ErrorLike & { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }): string {
  const code = String(error.code);
  if (code !== 'P2010') return code;
  return ADAPTER_ERROR_KINDS[error.meta?.driverAdapterError?.cause?.kind ?? ''] ?? code;
}

function isFastifyError(value: unknown): value is ErrorLike {
  return value instanceof Error && typeof (value as ErrorLike).code === 'string' && String((value as ErrorLike).code).startsWith('FST_');
}

function fromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  if (exception instanceof ProblemException) {
    return {
      type: exception.problemType,
      title: exception.title,
      status,
      ...(exception.detail ? { detail: exception.detail } : {}),
      ...(exception.code ? { code: exception.code } : {}),
      ...(exception.errors ? { errors: exception.errors } : {}),
    };
  }
  if (status >= 500) return generic(status);
  if (status === 429) return generic(429, 'Too many requests; retry after the time in the Retry-After header.', 'rate-limited');
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  return generic(status, typeof message === 'string' ? message : undefined);
}

/** Turns anything thrown while handling a request into a problem document safe to show a client. */
export function mapToProblem(exception: unknown): MappedProblem {
  // Nest wraps Fastify's own 4xx errors (body parsing, limits) in an HttpException; map the original.
  if (exception instanceof HttpException && !(exception instanceof ProblemException) && isFastifyError(exception.cause)) {
    return mapToProblem(exception.cause);
  }
  if (exception instanceof ProblemException) {
    const unexpected = exception.getStatus() >= 500 && !exception.code && !exception.relayed;
    return { problem: fromHttpException(exception), unexpected, retryAfterSeconds: exception.retryAfterSeconds, headers: exception.headers };
  }
  if (exception instanceof HttpException) {
    return { problem: fromHttpException(exception), unexpected: exception.getStatus() >= 500 };
  }
  // A guarded outbound call failed (breaker open, busy, timeout, upstream error): 503/504/502.
  const resilience = resilienceProblem(exception);
  if (resilience) return { ...resilience, unexpected: false };
  // The database is down, cut the connection, or a time limit ran out: 503 in every context.
  const database = databaseProblem(exception);
  if (database) return { ...database, unexpected: false };
  const error = exception as ErrorLike;
  if (error instanceof Error && typeof error.code === 'string') {
    const fastify = FASTIFY_PROBLEMS[error.code];
    if (fastify) return { problem: fastify(), unexpected: false };
    const prisma = error.name === 'PrismaClientKnownRequestError' ? PRISMA_PROBLEMS[prismaCode(error)] : undefined;
    if (prisma) return { problem: prisma(), unexpected: false };
    if (isFastifyError(error) && typeof error.statusCode === 'number' && error.statusCode < 500) {
      return { problem: generic(error.statusCode, error.message), unexpected: false };
    }
  }
  return { problem: generic(500, 'An unexpected error occurred.', 'internal-error'), unexpected: true };
}
