import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AppConfig, ProblemException } from '@ficus/common';
import { AccessTokenVerifier } from './access-token.verifier.js';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { unauthenticated } from './unauthenticated.js';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Sets each request's deadline for the facade calls it makes, and authenticates every request that carries a bearer token, as a Fastify hook so it runs before
 * any guard (the rate limiter keys authenticated callers by user). It never rejects by itself:
 * routes that need a user say so with `@Authenticated()`, which raises the stored error.
 */
@Injectable()
export class AuthenticationHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: AccessTokenVerifier,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const budgetMs = this.config.REMOTE_CALL_TIMEOUT_MS;
    fastify.addHook('preHandler', async (request: AuthenticatedRequest) => {
      request.deadline = Date.now() + budgetMs;
      const header = request.headers.authorization;
      if (header === undefined) return;
      const match = BEARER.exec(header);
      if (!match) {
        request.authError = unauthenticated('Use "Authorization: Bearer <access token>".');
        return;
      }
      try {
        const caller = await this.verifier.verify(match[1], String(request.id));
        request.user = { ...caller, id: caller.userId };
      } catch (error) {
        if (!(error instanceof ProblemException)) throw error;
        request.authError = error;
      }
    });
  }
}
