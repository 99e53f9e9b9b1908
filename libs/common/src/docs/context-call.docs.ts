import { ApiGatewayTimeoutResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';

const UNAVAILABLE =
  'A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent.';
const TIMED_OUT = 'A context did not answer within the request\'s budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`.';

/**
 * Documents what every route that calls a context may answer when the context cannot:
 * 503 and 504. For the parameter decorator that hands a route its call context (`@Call()`,
 * as an enhancer of `createParamDecorator`), so a route that calls a context is documented
 * as one by the same line that makes it one.
 */
export function documentsContextCall(target: object, key: string | symbol | undefined): void {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor) return;
  ApiServiceUnavailableResponse({ description: UNAVAILABLE })(target, key, descriptor);
  ApiGatewayTimeoutResponse({ description: TIMED_OUT })(target, key, descriptor);
}
