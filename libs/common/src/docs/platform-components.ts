import type { ComponentsObject, HeaderObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';

/** The schema every error answer has (`application/problem+json`, RFC 9457). */
export const PROBLEM_DETAILS_SCHEMA = 'ProblemDetails';
const FIELD_PROBLEM_SCHEMA = 'FieldProblem';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const integerSeconds = (description: string): HeaderObject => ({ description, schema: { type: 'integer', minimum: 0 } });

/**
 * Response headers the platform sends, as header components (referenced from every operation
 * rather than repeated). `Retry-After` is certain on a 429 and sent on a 503 or 504 where retrying helps.
 */
export const PLATFORM_HEADERS = {
  RequestId: {
    description: 'The request id: yours, if it was 1–128 characters of letters, digits and `._:@/+=-`, else a new UUID. Every log line of the request carries it; quote it when reporting a problem.',
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: 128 },
  },
  RateLimitLimit: { description: "Requests allowed per window in this route's rate-limit tier.", schema: { type: 'integer', minimum: 1 } },
  RateLimitRemaining: { description: 'Requests left in the current window.', schema: { type: 'integer', minimum: 0 } },
  RateLimitReset: integerSeconds('Seconds until the window ends (on a 429: equal to `Retry-After`).'),
  RetryAfter: { ...integerSeconds('Seconds to wait before retrying.'), required: true },
  RetryAfterWhenKnown: integerSeconds('Seconds to wait before retrying, when the server knows.'),
  NoStore: { description: 'Credentials and per-user data: no cache may keep the answer.', schema: { type: 'string', enum: ['no-store'] } },
  BearerChallenge: {
    description: 'The Bearer challenge (RFC 6750): `Bearer`, with `error="invalid_token"` when the access token sent failed (malformed, expired, session ended).',
    required: true,
    schema: { type: 'string', pattern: '^Bearer' },
  },
} satisfies Record<string, HeaderObject>;

export type PlatformHeader = keyof typeof PLATFORM_HEADERS;

/** A reference to one of the platform's header components. */
export const headerRef = (component: PlatformHeader): ReferenceObject => ({ $ref: `#/components/headers/${component}` });

const problemDetails: SchemaObject = {
  type: 'object',
  description: 'An RFC 9457 problem document: the body of every error answer.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'Identifies the problem type; stable, safe to switch on.', example: 'https://ficus.dev/problems/validation-error' },
    title: { type: 'string', description: 'Short summary of the problem type.', example: 'Validation failed' },
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status code.', example: 400 },
    detail: { type: 'string', description: 'What went wrong with this request.', example: 'The request has invalid fields.' },
    instance: { type: 'string', description: 'The request path.', example: '/todos' },
    requestId: { type: 'string', description: 'The request id (also the `x-request-id` header).', example: '0b0f5f7e-6a57-4a7e-9a43-4c3b1b1c2d3e' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. `todos.not_found`, `auth.login_throttled`, `platform.store_unavailable`.', example: 'todos.not_found' },
    errors: {
      type: 'array',
      description: 'Validation problems only: each offending field with its reasons.',
      items: { $ref: `#/components/schemas/${FIELD_PROBLEM_SCHEMA}` },
    },
  },
};

const fieldProblem: SchemaObject = {
  type: 'object',
  required: ['field', 'messages'],
  properties: {
    field: { type: 'string', description: 'Dotted path into the body, query, path or headers, e.g. `tags.0`, `id`, `If-Match`.', example: 'title' },
    messages: { type: 'array', items: { type: 'string' }, description: 'One reason per failed rule.', example: ['title must not be blank'] },
  },
};

const problemContent = { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_DETAILS_SCHEMA}` } } };

/**
 * Answers given before a request reaches its route — by Node's HTTP parser or Fastify's body
 * parser — so they carry none of the route's own headers: the same for every operation.
 */
export const EDGE_RESPONSES = {
  PayloadTooLarge: { description: 'The request body is larger than `BODY_LIMIT` (`payload-too-large`).', headers: { 'x-request-id': headerRef('RequestId') }, content: problemContent },
  UnsupportedMediaType: {
    description: 'The request body is not `application/json` (`unsupported-media-type`); form encodings included.',
    headers: { 'x-request-id': headerRef('RequestId') },
    content: problemContent,
  },
  RequestHeaderFieldsTooLarge: {
    description: 'The request headers are larger than 16 KiB (`request-header-fields-too-large`); the connection is closed.',
    headers: { 'x-request-id': headerRef('RequestId') },
    content: problemContent,
  },
} satisfies Record<string, ResponseObject>;

export type EdgeResponse = keyof typeof EDGE_RESPONSES;

export const responseRef = (component: EdgeResponse): ReferenceObject => ({ $ref: `#/components/responses/${component}` });

/** A problem document as the content of an error answer. */
export const PROBLEM_CONTENT = problemContent;

/** Schemas, headers and responses every document of a Ficus app holds. */
export const PLATFORM_COMPONENTS: Required<Pick<ComponentsObject, 'schemas' | 'headers' | 'responses'>> = {
  schemas: { [PROBLEM_DETAILS_SCHEMA]: problemDetails, [FIELD_PROBLEM_SCHEMA]: fieldProblem },
  headers: PLATFORM_HEADERS,
  responses: EDGE_RESPONSES,
};
