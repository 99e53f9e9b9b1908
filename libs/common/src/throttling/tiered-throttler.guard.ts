import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerRequest } from '@nestjs/throttler';
import { DEFAULT_RATE_LIMIT_TIER, RATE_LIMIT_TIER, type RateLimitTier } from './rate-limit.decorator.js';

interface TrackedRequest {
  ip?: string;
  user?: { id?: string; sub?: string };
}

/**
 * Applies exactly one named tier per route (chosen with `@RateLimit`), keys authenticated
 * callers by user and everyone else by client IP, and emits the standard header names
 * (`Retry-After`, `X-RateLimit-*`) rather than the per-tier suffixed ones.
 */
@Injectable()
export class TieredThrottlerGuard extends ThrottlerGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // Message handlers have their own protections; counting them here would double-count calls.
    if (context.getType() !== 'http') return true;
    // Untiered routes (probes, metrics) skip the per-throttler metadata walk entirely.
    if (this.tierOf(context) === null) return true;
    return super.canActivate(context);
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    if (request.throttler.name !== this.tierOf(request.context)) return true;
    return super.handleRequest(request);
  }

  protected override async getTracker(request: TrackedRequest): Promise<string> {
    const userId = request.user?.id ?? request.user?.sub;
    return userId ? `user:${userId}` : `ip:${request.ip ?? 'unknown'}`;
  }

  protected override setResponseHeader(response: Record<string, unknown>, name: string, value: string | number): void {
    super.setResponseHeader(response, name.replace(/-(public|api|auth)$/, ''), value);
  }

  private tierOf(context: ExecutionContext): RateLimitTier | null {
    const tier = this.reflector.getAllAndOverride<RateLimitTier | null | undefined>(RATE_LIMIT_TIER, [
      context.getHandler(),
      context.getClass(),
    ]);
    return tier === undefined ? DEFAULT_RATE_LIMIT_TIER : tier;
  }
}
