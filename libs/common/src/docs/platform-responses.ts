import { STATUS_CODES } from 'node:http';
import type { HeaderObject, OpenAPIObject, OperationObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import type { RateLimitTier } from '../throttling/rate-limit.decorator.js';
import { headerRef, PROBLEM_CONTENT, responseRef, type PlatformHeader } from './platform-components.js';
import type { RouteFacts } from './route-facts.js';

/** The methods whose request bodies are read (Fastify's `bodywith`): 413, 415 and malformed JSON apply. */
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete', 'options']);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const TIER_LIMITS: Record<RateLimitTier, string> = {
  public: 'the `public` tier (`RATE_LIMIT_PUBLIC_LIMIT` per `RATE_LIMIT_PUBLIC_TTL_MS`, per client address)',
  api: 'the `api` tier (`RATE_LIMIT_API_LIMIT` per `RATE_LIMIT_API_TTL_MS`, per user, else per client address)',
  auth: 'the `auth` tier (`RATE_LIMIT_AUTH_LIMIT` per `RATE_LIMIT_AUTH_TTL_MS`, per client address)',
  ai: 'the `ai` tier (`RATE_LIMIT_AI_LIMIT` per `RATE_LIMIT_AI_TTL_MS`, per user)',
};

const INVALID_INPUT = 'The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).';
const MALFORMED_REQUEST = 'A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.';
const AUTH_TIER_STORE = 'The rate-limit store (Redis) is unavailable: the `auth` tier fails closed (`platform.store_unavailable`, with `Retry-After`).';

const RATE_LIMIT_HEADERS: readonly (readonly [name: string, component: PlatformHeader])[] = [
  ['X-RateLimit-Limit', 'RateLimitLimit'],
  ['X-RateLimit-Remaining', 'RateLimitRemaining'],
  ['X-RateLimit-Reset', 'RateLimitReset'],
];

const isReference = (value: object): value is ReferenceObject => '$ref' in value;

/** Adds an answer, or its reason to the answer the route already documents for that status. */
function addResponse(operation: OperationObject, status: number, description: string): void {
  const existing = operation.responses[status] as ResponseObject | ReferenceObject | undefined;
  if (existing === undefined) operation.responses[status] = { description };
  else if (!isReference(existing) && !existing.description.includes(description)) existing.description = `${existing.description}\n\n${description}`.trim();
}

function cacheControl(value: string): HeaderObject | ReferenceObject {
  return value === 'no-store' ? headerRef('NoStore') : { description: 'How long caches may keep the answer.', schema: { type: 'string', enum: [value] } };
}

/** Headers of one answer of the route: the request id always, the rest by route and status. */
function headersFor(status: number, facts: RouteFacts | undefined): Record<string, HeaderObject | ReferenceObject> {
  const headers: Record<string, HeaderObject | ReferenceObject> = { 'x-request-id': headerRef('RequestId') };
  if (facts?.tier) for (const [name, component] of RATE_LIMIT_HEADERS) headers[name] = headerRef(component);
  if (status === 429) headers['Retry-After'] = headerRef('RetryAfter');
  if (status === 503 || status === 504) headers['Retry-After'] = headerRef('RetryAfterWhenKnown');
  if (status === 401) headers['WWW-Authenticate'] = headerRef('BearerChallenge');
  const cache = facts?.headers.get('cache-control');
  if (cache) headers['Cache-Control'] = cacheControl(cache);
  return headers;
}

/** Error answers are problem documents; other answers keep what their route documents. */
function completeResponse(response: ResponseObject, status: number, facts: RouteFacts | undefined): void {
  response.description ||= STATUS_CODES[status] ?? 'Answer';
  response.headers = { ...headersFor(status, facts), ...response.headers };
  if (status >= 400 && response.content === undefined) response.content = PROBLEM_CONTENT;
}

/**
 * Adds to one operation what the platform answers around every route: input checks (400, and
 * 413/415 where a body is read; 400/431 for what the HTTP parser refuses), its rate-limit tier
 * (429, and 503 where the tier fails closed), problem documents on every error answer, and the
 * headers every answer carries (`x-request-id`, `X-RateLimit-*`, `Retry-After` on 429, 503 and 504,
 * `WWW-Authenticate` on 401, the route's static `Cache-Control`). An operation without its own
 * security requirement is public (`security: []`).
 */
function completeOperation(method: string, operation: OperationObject, facts: RouteFacts | undefined): void {
  const readsBody = BODY_METHODS.has(method);
  if (readsBody || (operation.parameters?.length ?? 0) > 0 || operation.requestBody) addResponse(operation, 400, INVALID_INPUT);
  addResponse(operation, 400, MALFORMED_REQUEST);
  if (facts?.tier) addResponse(operation, 429, `Too many requests in ${TIER_LIMITS[facts.tier]}; retry after \`Retry-After\` seconds.`);
  if (facts?.tier === 'auth') addResponse(operation, 503, AUTH_TIER_STORE);
  for (const [status, response] of Object.entries(operation.responses)) {
    if (response && !isReference(response)) completeResponse(response, Number(status), facts);
  }
  if (readsBody) {
    operation.responses[413] = responseRef('PayloadTooLarge');
    operation.responses[415] = responseRef('UnsupportedMediaType');
  }
  operation.responses[431] = responseRef('RequestHeaderFieldsTooLarge');
  operation.security ??= [];
}

/** Completes every operation of `document` (see `completeOperation`), in place. */
export function describePlatformAnswers(document: OpenAPIObject, facts: ReadonlyMap<string, RouteFacts>): void {
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (operation) completeOperation(method, operation, operation.operationId ? facts.get(operation.operationId) : undefined);
    }
  }
}
