// Generated from openapi.json by `npm run openapi` (openapi-typescript). Do not edit.

export interface paths {
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * JSON Web Key Set that verifies access tokens (ES256)
         * @description The public keys of every signing key in use, for verifying access tokens outside Ficus; cacheable for 5 minutes.
         */
        get: operations["JwksController_jwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users, newest first
         * @description Cursor pagination: pass `nextCursor` back as `cursor`.
         */
        get: operations["UsersController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ai/todos/{id}/breakdown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suggest subtasks for one of your todos
         * @description Suggested titles pass the same checks as todo titles. With `{"apply": true}` they are created as subtasks of the todo and returned in `created`. Send `Accept: text/event-stream` to get the answer as server-sent events while it is written.
         */
        post: operations["AiController_breakdown"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ai/todos/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Plan your open todos: what to do first, and why
         * @description Send `Accept: text/event-stream` to get the answer as server-sent events while it is written.
         */
        post: operations["AiController_summary"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in
         * @description Unknown email and wrong password fail identically. Repeated failures per account or address → 429.
         */
        post: operations["AuthController_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End this session
         * @description Its refresh token and its access tokens stop working at once.
         */
        post: operations["AuthController_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End every session of this user
         * @description Every refresh token and access token of the user stops working at once, this session's included.
         */
        post: operations["AuthController_logoutAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user
         * @description The account the access token belongs to, with its roles as they are now.
         */
        get: operations["AuthController_me"];
        put?: never;
        post?: never;
        /**
         * Delete the account
         * @description Needs the current password. Ends every session at once (its tokens stop working) and deletes the account; its todos and everything else it owns are deleted shortly after, by the contexts that hold them (event `user.deleted`).
         */
        delete: operations["AuthController_deleteAccount"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/change": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the password
         * @description Needs the current password; ends every other session.
         */
        post: operations["AuthController_change"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a password reset link
         * @description Answers 202 whether or not the account exists.
         */
        post: operations["AuthController_forgot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with a reset token
         * @description Single use, 30 minutes; ends every session.
         */
        post: operations["AuthController_reset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a refresh token
         * @description Returns a new access token and a new refresh token; the presented one is spent. Presenting a spent token ends its whole session.
         */
        post: operations["AuthController_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account
         * @description Emails are trimmed and lower-cased. Passwords: 8–128 characters, not a common password.
         */
        post: operations["AuthController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description The process is up and serving. Checks no dependency, so a failing database or Redis never restarts a healthy process.
         */
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description Every dependency answers (databases, Redis, remote contexts); 503 with a detail-free reason per dependency otherwise, and at once while shutting down. Circuit breakers are listed as information and never fail it.
         */
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/todos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List todos, newest first
         * @description Cursor pagination: pass `nextCursor` back as `cursor` with the same filters; `null` on the last page.
         */
        get: operations["TodosController_list"];
        put?: never;
        /**
         * Create a todo
         * @description With `Idempotency-Key`, a repeat of the same body within 24 h returns the original todo (same id, 201) and creates nothing.
         */
        post: operations["TodosController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/todos/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One todo
         * @description With `If-None-Match` naming the current version, 304 without a body.
         */
        get: operations["TodosController_get"];
        put?: never;
        post?: never;
        /**
         * Delete a todo and its subtasks
         * @description With `If-Match`, only while the todo is at that version. Takes no body.
         */
        delete: operations["TodosController_remove"];
        options?: never;
        head?: never;
        /**
         * Change some fields
         * @description Only the fields sent change; `null` clears description or dueAt; `done` sets or clears completedAt. Every change is a new version.
         */
        patch: operations["TodosController_update"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        BreakdownRequest: {
            /**
             * @description Also create the suggestions as subtasks of the todo, and return them.
             * @default false
             */
            apply?: boolean;
        };
        BreakdownResult: {
            /** @description The subtasks created (with `apply: true`), in suggestion order; empty otherwise. */
            created: components["schemas"]["TodoView"][];
            /** @description true when the model was unavailable and the rules helper answered instead (also header `X-Ficus-Degraded: rules`). */
            degraded: boolean;
            /**
             * @description `llm`: a language model; `rules`: the built-in deterministic helper (not an LLM).
             * @enum {string}
             */
            generatedBy: "llm" | "rules";
            /**
             * @description The model that answered; null for `rules`.
             * @example llama3.2
             */
            model: string | null;
            suggestions: components["schemas"]["SubtaskSuggestion"][];
            /** Format: uuid */
            todoId: string;
        };
        ChangePasswordRequest: {
            /** @example correct horse battery staple */
            currentPassword: string;
            /** @example plum tractor violin 1843 */
            newPassword: string;
        };
        CreateTodoRequest: {
            /** @example Numbers from finance first. */
            description?: string;
            /**
             * Format: date-time
             * @example 2026-12-01T17:00:00.000Z
             */
            dueAt?: string;
            /**
             * Format: uuid
             * @description Makes this a subtask of one of your top-level todos.
             */
            parentId?: string;
            /**
             * @default medium
             * @enum {string}
             */
            priority?: "low" | "medium" | "high";
            /**
             * @description Trimmed; duplicates are dropped.
             * @example [
             *       "work"
             *     ]
             */
            tags?: string[];
            /** @example Write the quarterly report */
            title: string;
        };
        DeleteAccountRequest: {
            /** @example correct horse battery staple */
            currentPassword: string;
        };
        FieldProblem: {
            /**
             * @description Dotted path into the body, query, path or headers, e.g. `tags.0`, `id`, `If-Match`.
             * @example title
             */
            field: string;
            /**
             * @description One reason per failed rule.
             * @example [
             *       "title must not be blank"
             *     ]
             */
            messages: string[];
        };
        ForgotPasswordRequest: {
            /** @example ada@example.com */
            email: string;
        };
        JwksView: {
            /** @description Public keys that verify access tokens (RFC 7517). */
            keys: Record<string, never>[];
        };
        LoginRequest: {
            /** @example ada@example.com */
            email: string;
            /** @example correct horse battery staple */
            password: string;
        };
        PlanStep: {
            /** @example Overdue since 2026-11-20, and others wait for it. */
            reason: string;
            /**
             * @description The todo's own title (never model text).
             * @example Write the quarterly report
             */
            title: string;
            /** Format: uuid */
            todoId: string;
        };
        /** @description An RFC 9457 problem document: the body of every error answer. */
        ProblemDetails: {
            /**
             * @description Stable machine-readable code, e.g. `todos.not_found`, `auth.login_throttled`, `platform.store_unavailable`.
             * @example todos.not_found
             */
            code?: string;
            /**
             * @description What went wrong with this request.
             * @example The request has invalid fields.
             */
            detail?: string;
            /** @description Validation problems only: each offending field with its reasons. */
            errors?: components["schemas"]["FieldProblem"][];
            /**
             * @description The request path.
             * @example /todos
             */
            instance?: string;
            /**
             * @description The request id (also the `x-request-id` header).
             * @example 0b0f5f7e-6a57-4a7e-9a43-4c3b1b1c2d3e
             */
            requestId?: string;
            /**
             * @description The HTTP status code.
             * @example 400
             */
            status: number;
            /**
             * @description Short summary of the problem type.
             * @example Validation failed
             */
            title: string;
            /**
             * Format: uri
             * @description Identifies the problem type; stable, safe to switch on.
             * @example https://ficus.dev/problems/validation-error
             */
            type: string;
        };
        RefreshRequest: {
            /**
             * @description The refresh token from login or the previous refresh.
             * @example Hf7MWZVAhQG814-S_OghUBctrYiBcimKUKA4zOkqxvE
             */
            refreshToken: string;
        };
        RegisterRequest: {
            /** @example Ada Lovelace */
            displayName?: string;
            /**
             * @description Trimmed and lower-cased; unique.
             * @example ada@example.com
             */
            email: string;
            /** @example correct horse battery staple */
            password: string;
        };
        ResetPasswordRequest: {
            /** @example plum tractor violin 1843 */
            newPassword: string;
            /**
             * @description The `token` query parameter of the reset link.
             * @example O22vdMzKsvqkRwiaIWJO-eMx6dVsM8OMXZjpKyKq9es
             */
            token: string;
        };
        SubtaskSuggestion: {
            /** @example Collect the numbers from finance */
            rationale: string;
            /** @example Write the quarterly report */
            title: string;
        };
        SummaryResult: {
            /** @description true when the model was unavailable and the rules helper answered instead (also header `X-Ficus-Degraded: rules`). */
            degraded: boolean;
            /**
             * @description `llm`: a language model; `rules`: the built-in deterministic helper (not an LLM).
             * @enum {string}
             */
            generatedBy: "llm" | "rules";
            /**
             * @description The model that answered; null for `rules`.
             * @example llama3.2
             */
            model: string | null;
            /**
             * @description Open todos the plan was made from.
             * @example 12
             */
            openTodos: number;
            /** @description In the suggested order. */
            steps: components["schemas"]["PlanStep"][];
            /** @example Two todos are overdue; clear them before starting new work. */
            summary: string;
            /** @description true when the caller has more open todos than one plan considers (AI_MAX_TODOS). */
            truncated: boolean;
        };
        TodoPage: {
            items: components["schemas"]["TodoView"][];
            nextCursor: string | null;
        };
        TodoView: {
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            done: boolean;
            /** Format: date-time */
            dueAt: string | null;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            parentId: string | null;
            /** @enum {string} */
            priority: "low" | "medium" | "high";
            /**
             * @example [
             *       "work"
             *     ]
             */
            tags: string[];
            /** @example Write the quarterly report */
            title: string;
            /** Format: date-time */
            updatedAt: string;
            /** @example 1 */
            version: number;
        };
        TokenPair: {
            /**
             * @description ES256 JWT for the Authorization header.
             * @example eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6Ii14TlVhbjc4ZF9NZHVQZEFEN3RjT3JnTHllMkhDTnM2dFM1U1RtUl92eFkifQ.eyJpc3MiOiJmaWN1cy1hdXRoIiwiYXVkIjoiZmljdXMiLCJzdWIiOiIwMTk1YzFkMi03ZTRhLTdiM2MtOWQyZS0xZjBhMmIzYzRkNWUiLCJzaWQiOiIwMTk1YzFkMi04YTEwLTdjNGQtOGU1Zi0yYTNiNGM1ZDZlN2YiLCJyb2xlcyI6WyJ1c2VyIl0sInRva2VuX3VzZSI6ImFjY2VzcyIsImp0aSI6IjAxOTVjMWQyLThhMTEtN2YwMC05YTFiLTNjNGQ1ZTZmN2E4YiIsImlhdCI6MTc5NTU5NzIwMCwibmJmIjoxNzk1NTk3MjAwLCJleHAiOjE3OTU1OTgxMDB9.-E9yqL8H-TtBllG-uz-VbBCf08O3kpRjy33Klh7EnXV7EFg3VydXy7ckUV-eFwtCZcOwGOCE2ae08ZmNeF1FPQ
             */
            accessToken: string;
            /**
             * Format: date-time
             * @example 2026-11-25T09:15:00.000Z
             */
            accessTokenExpiresAt: string;
            /**
             * @description Seconds until the access token expires.
             * @example 900
             */
            expiresIn: number;
            /**
             * @description Opaque; rotate it with POST /auth/refresh. Single use.
             * @example Hf7MWZVAhQG814-S_OghUBctrYiBcimKUKA4zOkqxvE
             */
            refreshToken: string;
            /**
             * Format: date-time
             * @description When this refresh token expires if unused (idle lifetime, capped by the session).
             * @example 2026-12-02T09:00:00.000Z
             */
            refreshTokenExpiresAt: string;
            /** @example Bearer */
            tokenType: string;
        };
        UpdateTodoRequest: {
            description?: string | null;
            /** @description true sets completedAt (kept if already done); false clears it. */
            done?: boolean;
            /** Format: date-time */
            dueAt?: string | null;
            /** @enum {string} */
            priority?: "low" | "medium" | "high";
            /** @description Replaces the tags; trimmed, duplicates dropped. */
            tags?: string[];
            /** @example Write the annual report */
            title?: string;
        };
        UserPage: {
            items: components["schemas"]["UserView"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            nextCursor: string | null;
        };
        UserView: {
            /**
             * Format: date-time
             * @example 2026-11-25T09:00:00.000Z
             */
            createdAt: string;
            /** @example Ada Lovelace */
            displayName: string | null;
            /** @example ada@example.com */
            email: string;
            /**
             * Format: uuid
             * @example 0195c1d2-7e4a-7b3c-9d2e-1f0a2b3c4d5e
             */
            id: string;
            /**
             * @example [
             *       "user"
             *     ]
             */
            roles: string[];
        };
    };
    responses: {
        /** @description The request body is larger than `BODY_LIMIT` (`payload-too-large`). */
        PayloadTooLarge: {
            headers: {
                "x-request-id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description The request headers are larger than 16 KiB (`request-header-fields-too-large`); the connection is closed. */
        RequestHeaderFieldsTooLarge: {
            headers: {
                "x-request-id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description The request body is not `application/json` (`unsupported-media-type`); form encodings included. */
        UnsupportedMediaType: {
            headers: {
                "x-request-id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description The Bearer challenge (RFC 6750): `Bearer`, with `error="invalid_token"` when the access token sent failed (malformed, expired, session ended). */
        BearerChallenge: string;
        /** @description Credentials and per-user data: no cache may keep the answer. */
        NoStore: "no-store";
        /** @description Requests allowed per window in this route's rate-limit tier. */
        RateLimitLimit: number;
        /** @description Requests left in the current window. */
        RateLimitRemaining: number;
        /** @description Seconds until the window ends (on a 429: equal to `Retry-After`). */
        RateLimitReset: number;
        /** @description The request id: yours, if it was 1–128 characters of letters, digits and `._:@/+=-`, else a new UUID. Every log line of the request carries it; quote it when reporting a problem. */
        RequestId: string;
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
        /** @description Seconds to wait before retrying, when the server knows. */
        RetryAfterWhenKnown: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    JwksController_jwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "public, max-age=300";
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JwksView"];
                };
            };
            /** @description A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed. */
            400: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "public, max-age=300";
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests in the `public` tier (`RATE_LIMIT_PUBLIC_LIMIT` per `RATE_LIMIT_PUBLIC_TTL_MS`, per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "public, max-age=300";
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "public, max-age=300";
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "public, max-age=300";
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    UsersController_list: {
        parameters: {
            query?: {
                /** @description Opaque: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Needs the role(s): admin (problem+json). */
            403: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests in the `api` tier (`RATE_LIMIT_API_LIMIT` per `RATE_LIMIT_API_TTL_MS`, per user, else per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AiController_breakdown: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your todos. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["BreakdownRequest"];
            };
        };
        responses: {
            /** @description The answer; `X-Ficus-Degraded: rules` when the rules helper answered because the model was unavailable. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BreakdownResult"];
                    "text/event-stream": string;
                };
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such todo of yours (`todos.not_found`). */
            404: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description The `ai` rate limit (RATE_LIMIT_AI_LIMIT per user); see Retry-After.
             *
             *     Too many requests in the `ai` tier (`RATE_LIMIT_AI_LIMIT` per `RATE_LIMIT_AI_TTL_MS`, per user); retry after `Retry-After` seconds.
             */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description The model answered in an unusable format (`ai.invalid_output`), or failed (`dependency.upstream_failed`). */
            502: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AiController_summary: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The answer; `X-Ficus-Degraded: rules` when the rules helper answered because the model was unavailable. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SummaryResult"];
                    "text/event-stream": string;
                };
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description The `ai` rate limit (RATE_LIMIT_AI_LIMIT per user); see Retry-After.
             *
             *     Too many requests in the `ai` tier (`RATE_LIMIT_AI_LIMIT` per `RATE_LIMIT_AI_TTL_MS`, per user); retry after `Retry-After` seconds.
             */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description The model answered in an unusable format (`ai.invalid_output`), or failed (`dependency.upstream_failed`). */
            502: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuthController_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `auth.invalid_credentials` */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description `auth.login_throttled`, with Retry-After.
             *
             *     Too many requests in the `public` tier (`RATE_LIMIT_PUBLIC_LIMIT` per `RATE_LIMIT_PUBLIC_TTL_MS`, per client address); retry after `Retry-After` seconds.
             */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuthController_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many requests in the `api` tier (`RATE_LIMIT_API_LIMIT` per `RATE_LIMIT_API_TTL_MS`, per user, else per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuthController_logoutAll: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many requests in the `api` tier (`RATE_LIMIT_API_LIMIT` per `RATE_LIMIT_API_TTL_MS`, per user, else per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuthController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserView"];
                };
            };
            /** @description A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed. */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests in the `api` tier (`RATE_LIMIT_API_LIMIT` per `RATE_LIMIT_API_TTL_MS`, per user, else per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuthController_deleteAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeleteAccountRequest"];
            };
        };
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /**
             * @description `auth.invalid_credentials` for a wrong password.
             *
             *     Missing, invalid or expired access token, or an ended session (problem+json).
             */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description `auth.login_throttled`, with Retry-After: wrong passwords count like failed logins.
             *
             *     Too many requests in the `auth` tier (`RATE_LIMIT_AUTH_LIMIT` per `RATE_LIMIT_AUTH_TTL_MS`, per client address); retry after `Retry-After` seconds.
             */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /**
             * @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent.
             *
             *     The rate-limit store (Redis) is unavailable: the `auth` tier fails closed (`platform.store_unavailable`, with `Retry-After`).
             */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuthController_change: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordRequest"];
            };
        };
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many requests in the `auth` tier (`RATE_LIMIT_AUTH_LIMIT` per `RATE_LIMIT_AUTH_TTL_MS`, per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /**
             * @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent.
             *
             *     The rate-limit store (Redis) is unavailable: the `auth` tier fails closed (`platform.store_unavailable`, with `Retry-After`).
             */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuthController_forgot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForgotPasswordRequest"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many requests in the `auth` tier (`RATE_LIMIT_AUTH_LIMIT` per `RATE_LIMIT_AUTH_TTL_MS`, per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /**
             * @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent.
             *
             *     The rate-limit store (Redis) is unavailable: the `auth` tier fails closed (`platform.store_unavailable`, with `Retry-After`).
             */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuthController_reset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetPasswordRequest"];
            };
        };
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `auth.invalid_reset_token` or a weak password.
             *
             *     The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many requests in the `auth` tier (`RATE_LIMIT_AUTH_LIMIT` per `RATE_LIMIT_AUTH_TTL_MS`, per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /**
             * @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent.
             *
             *     The rate-limit store (Redis) is unavailable: the `auth` tier fails closed (`platform.store_unavailable`, with `Retry-After`).
             */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuthController_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `auth.invalid_refresh_token` */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many requests in the `public` tier (`RATE_LIMIT_PUBLIC_LIMIT` per `RATE_LIMIT_PUBLIC_TTL_MS`, per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AuthController_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserView"];
                };
            };
            /**
             * @description Invalid fields or a weak password (problem+json with `errors`).
             *
             *     The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The email is taken (`auth.email_taken`). */
            409: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many requests in the `auth` tier (`RATE_LIMIT_AUTH_LIMIT` per `RATE_LIMIT_AUTH_TTL_MS`, per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /**
             * @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent.
             *
             *     The rate-limit store (Redis) is unavailable: the `auth` tier fails closed (`platform.store_unavailable`, with `Retry-After`).
             */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "no-cache, no-store, must-revalidate";
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                    };
                };
            };
            /** @description A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed. */
            400: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "no-cache, no-store, must-revalidate";
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "no-cache, no-store, must-revalidate";
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       },
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example error
                         * @enum {string}
                         */
                        status?: "error" | "shutting_down";
                    };
                };
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "no-cache, no-store, must-revalidate";
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                    };
                };
            };
            /** @description A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed. */
            400: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "no-cache, no-store, must-revalidate";
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    /** @description How long caches may keep the answer. */
                    "Cache-Control"?: "no-cache, no-store, must-revalidate";
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       },
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example error
                         * @enum {string}
                         */
                        status?: "error" | "shutting_down";
                    };
                };
            };
        };
    };
    TodosController_list: {
        parameters: {
            query?: {
                /** @description Opaque: the `nextCursor` of the previous page. */
                cursor?: string;
                done?: boolean;
                dueAfter?: string;
                dueBefore?: string;
                limit?: number;
                /** @description Only the subtasks of this todo. */
                parentId?: string;
                priority?: "low" | "medium" | "high";
                /** @description Case-insensitive text search in titles. */
                q?: string;
                /** @description Only todos with this tag (trimmed, like stored tags). */
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description At most `limit` todos and the cursor of the next page. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TodoPage"];
                };
            };
            /**
             * @description Invalid filters or a cursor this API did not issue.
             *
             *     The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests in the `api` tier (`RATE_LIMIT_API_LIMIT` per `RATE_LIMIT_API_TTL_MS`, per user, else per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    TodosController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description 1–200 visible ASCII characters, unique per intended todo (a UUID). Scoped to the user. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTodoRequest"];
            };
        };
        responses: {
            /** @description The new todo; for a repeated Idempotency-Key, the original one. */
            201: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    /** @description The todo's version, e.g. `"3"`: send it back as `If-Match`. */
                    ETag?: string;
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TodoView"];
                };
            };
            /**
             * @description Invalid fields (problem+json with `errors`).
             *
             *     The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `todos.limit_reached`: TODOS_MAX_PER_USER todos exist. */
            409: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description `todos.invalid_parent` (field `parentId`) or `todos.idempotency_key_reused`. */
            422: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests in the `api` tier (`RATE_LIMIT_API_LIMIT` per `RATE_LIMIT_API_TTL_MS`, per user, else per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    TodosController_get: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of your copy, e.g. `"3"`: 304 without a body while the todo is still at that version. */
                "If-None-Match"?: string;
            };
            path: {
                /** @description A todo id; not a UUID → 400, unknown or another user's → 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The todo. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    /** @description The todo's version, e.g. `"3"`: send it back as `If-Match`. */
                    ETag?: string;
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TodoView"];
                };
            };
            /** @description Your copy (If-None-Match) is the current version; no body. */
            304: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    /** @description The todo's version, e.g. `"3"`: send it back as `If-Match`. */
                    ETag?: string;
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `todos.not_found` */
            404: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests in the `api` tier (`RATE_LIMIT_API_LIMIT` per `RATE_LIMIT_API_TTL_MS`, per user, else per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    TodosController_remove: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply only at this version (an ETag, e.g. `"3"`; `*` = any). A stale one → 412, a malformed one → 400. */
                "If-Match"?: string;
            };
            path: {
                /** @description A todo id; not a UUID → 400, unknown or another user's → 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted, with its subtasks. */
            204: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `todos.not_found` */
            404: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `todos.version_mismatch` */
            412: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many requests in the `api` tier (`RATE_LIMIT_API_LIMIT` per `RATE_LIMIT_API_TTL_MS`, per user, else per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    TodosController_update: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply only at this version (an ETag, e.g. `"3"`; `*` = any). A stale one → 412, a malformed one → 400. */
                "If-Match"?: string;
            };
            path: {
                /** @description A todo id; not a UUID → 400, unknown or another user's → 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTodoRequest"];
            };
        };
        responses: {
            /** @description The todo as changed, at its new version. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    /** @description The todo's version, e.g. `"3"`: send it back as `If-Match`. */
                    ETag?: string;
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TodoView"];
                };
            };
            /**
             * @description The input is invalid: a malformed JSON body or parameter, or fields that fail validation (`errors[]` names each).
             *
             *     A request the HTTP parser refuses (a bad header byte, a bad chunk size, `Content-Length` with `Transfer-Encoding`): `malformed-request`, and the connection is closed.
             */
            400: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, invalid or expired access token, or an ended session (problem+json). */
            401: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "WWW-Authenticate": components["headers"]["BearerChallenge"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `todos.not_found` */
            404: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `todos.concurrent_update`: without If-Match, other writers kept winning; retry. */
            409: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description `todos.version_mismatch`: the todo is no longer at the If-Match version. */
            412: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many requests in the `api` tier (`RATE_LIMIT_API_LIMIT` per `RATE_LIMIT_API_TTL_MS`, per user, else per client address); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            431: components["responses"]["RequestHeaderFieldsTooLarge"];
            /** @description A context or a store the answer needs is unavailable: a context app (`context.unavailable`), the database, or the session store (Redis, `platform.store_unavailable`). Retry after `Retry-After` where sent. */
            503: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A context did not answer within the request's budget (`context.timeout`, `context.deadline_exceeded`). Retry after `Retry-After`. */
            504: {
                headers: {
                    "Cache-Control": components["headers"]["NoStore"];
                    "Retry-After": components["headers"]["RetryAfterWhenKnown"];
                    "X-RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "X-RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "x-request-id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
}
