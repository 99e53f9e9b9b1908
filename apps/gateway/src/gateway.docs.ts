import type { ApiDocs } from '@ficus/common';

/** The gateway's HTTP API as its OpenAPI document introduces it (`/docs`, `openapi.json`). */
export const GATEWAY_DOCS: ApiDocs = {
  title: 'Ficus API',
  description: [
    'Accounts, per-user todos and AI help on them. Sign in with `POST /auth/login` and send the access token as `Authorization: Bearer <token>`.',
    '',
    'Every error answer is an RFC 9457 problem document (`application/problem+json`, schema `ProblemDetails`) with a stable `code`, and `errors[]` naming each offending field of invalid input.',
    'Every answer carries `x-request-id`; rate-limited routes carry `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`, and a 429 carries `Retry-After`.',
    'Request bodies are `application/json` in UTF-8 (415 otherwise; an empty body counts as none). A request the HTTP parser refuses is answered 400 `malformed-request` (431 for headers over 16 KiB) before it reaches any operation.',
  ].join('\n'),
  tags: [
    { name: 'auth', description: 'Accounts, sessions and passwords: sign-up, sign-in, token refresh, logout, password reset and change, and the keys that verify access tokens.' },
    { name: 'admin', description: 'Administration; needs the `admin` role.' },
    { name: 'todos', description: "The signed-in user's todos and subtasks, with versions (`ETag`/`If-Match`) and idempotent creation." },
    { name: 'ai', description: 'Suggestions from the AI assistant (a model, or the built-in rules) on your own todos, as JSON or server-sent events.' },
    { name: 'health', description: 'Liveness and readiness probes for orchestrators; never rate limited.' },
  ],
};
