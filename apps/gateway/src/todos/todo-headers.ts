import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import { ValidationProblem } from '@ficus/common';
import { type TodoView } from '@ficus/contracts/todos';

/** One strong ETag as this API issues them: the version in quotes. */
const STRONG_VERSION_TAG = /^"([1-9][0-9]{0,9})"$/;
/** Versions are 32-bit integers. */
const MAX_VERSION = 2_147_483_647;
/** Visible ASCII without spaces: what fits in a header unquoted and in a log line safely. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function headerOf(context: ExecutionContext, name: string): string | undefined {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * `If-Match` as the version a change must find: `"<version>"` (an ETag this API issued) →
 * that version; `*` or no header → none (the change applies to any version). Anything else —
 * weak tags, lists, other values — is 400 on the `If-Match` field rather than a silent
 * unconditional write.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const version = STRONG_VERSION_TAG.exec(header.trim())?.[1];
  if (version === undefined || Number(version) > MAX_VERSION) {
    throw new ValidationProblem([{ field: 'If-Match', messages: ['If-Match must be one ETag of this todo, e.g. "3", or *'] }]);
  }
  return Number(version);
}

/** The version `If-Match` names, if any (see `parseIfMatch`). */
export const IfMatchVersion = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined =>
  parseIfMatch(headerOf(context, 'if-match')),
);

/** The `Idempotency-Key` header: 1–200 visible ASCII characters, else 400; absent → undefined. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const key = headerOf(context, 'idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationProblem([{ field: 'Idempotency-Key', messages: ['Idempotency-Key must be 1–200 visible ASCII characters (a UUID is ideal)'] }]);
  }
  return key;
});

/** The todo's version as its strong ETag. */
function eTagOf(todo: TodoView): string {
  return `"${todo.version}"`;
}

/** Sends the todo's version as its strong ETag and returns the todo. */
export function withETag(reply: FastifyReply, todo: TodoView): TodoView {
  void reply.header('etag', eTagOf(todo));
  return todo;
}

/**
 * Whether the client already holds this version (`If-None-Match` names its ETag, weakly
 * compared, or `*`; RFC 9110 §13.1.2), so the answer is 304 without a body. Only
 * If-None-Match is evaluated: the request's `Cache-Control: no-cache` speaks to caches on the
 * way, not to the origin, and fetch() adds it to every request that sets If-None-Match itself.
 */
export function clientHasVersion(request: FastifyRequest, todo: TodoView): boolean {
  return fresh({ 'if-none-match': request.headers['if-none-match'] }, { etag: eTagOf(todo) });
}
