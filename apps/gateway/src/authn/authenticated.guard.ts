import { applyDecorators, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { NoStore, ProblemException } from '@ficus/common';
import { AUTH_ERRORS } from '@ficus/contracts/auth';
import { unauthenticated } from './unauthenticated.js';
import type { AuthenticatedRequest } from './authenticated-request.js';

const REQUIRED_ROLES = 'ficus:required-roles';

/** Lets a request through only with a valid access token and, when given, every listed role. */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.user) throw request.authError ?? unauthenticated('This endpoint needs an access token.');
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]) ?? [];
    const missing = roles.filter((role) => !request.user?.roles.includes(role));
    if (missing.length > 0) {
      throw new ProblemException({ status: 403, type: 'forbidden', code: AUTH_ERRORS.forbidden, detail: `This endpoint needs the role: ${missing.join(', ')}.` });
    }
    return true;
  }
}

/**
 * The route needs a valid access token (and, optionally, roles); documented in Swagger. What it
 * answers is the caller's own, so no cache may keep it (`Cache-Control: no-store`).
 */
export const Authenticated = (...roles: string[]) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    UseGuards(AuthenticatedGuard),
    NoStore(),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token, or an ended session (problem+json).' }),
    ...(roles.length > 0 ? [ApiForbiddenResponse({ description: `Needs the role(s): ${roles.join(', ')} (problem+json).` })] : []),
  );
