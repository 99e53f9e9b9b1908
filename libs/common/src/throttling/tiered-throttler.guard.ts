import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import { PLATFORM_ERRORS } from '../errors/platform-errors.js';
import { OutageLog } from '../logging/outage-log.js';
import { ProblemException } from '../errors/problem.exception.js';
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
  private readonly outage = new OutageLog(TieredThrottlerGuard.name, (reason) => `Rate-limit store unavailable (${reason}): refusing auth requests, allowing others`);
  /** The route's tier, resolved once per request rather than once per named throttler. */
  private readonly tiers = new WeakMap<ExecutionContext, RateLimitTier>();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // Message handlers have their own protections; counting them here would double-count calls.
    if (context.getType() !== 'http') return true;
    const tier = this.tierOf(context);
    // Untiered routes (probes, metrics) skip the per-throttler metadata walk entirely.
    if (tier === null) return true;
    this.tiers.set(context, tier);
    return super.canActivate(context);
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    if (request.throttler.name !== this.tiers.get(request.context)) return true;
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (error instanceof ThrottlerException) throw error;
      return this.storageUnavailable(request.throttler.name, error);
    }
  }

  /**
   * The counter store (Redis) failed. Credential endpoints fail closed — losing brute-force
   * protection is worse than a short outage — and everything else fails open, so a cache
   * outage does not take the API down. `/ready` reports the store as down meanwhile.
   */
  private storageUnavailable(tier: string | undefined, error: unknown): boolean {
    this.outage.report(error);
    if (tier !== 'auth') return true;
    throw new ProblemException({ status: 503, type: 'rate-limiter-unavailable', code: PLATFORM_ERRORS.storeUnavailable, detail: 'Sign-in is briefly unavailable; retry shortly.', retryAfterSeconds: 5 });
  }

  protected override async getTracker(request: TrackedRequest): Promise<string> {
    const userId = request.user?.id ?? request.user?.sub;
    // The base tracker normalises the IP: IPv6 clients count per /64, not per rotating address.
    return userId ? `user:${userId}` : `ip:${await super.getTracker(request)}`;
  }

  /** One budget per client and tier, across every route of the tier (the default is per route). */
  protected override generateKey(_context: ExecutionContext, tracker: string, tier: string): string {
    return `ficus:rate-limit:${tier}:${tracker}`;
  }

  /**
   * The base guard sets only `Retry-After` before throwing; a 429 carries the same `X-RateLimit-*`
   * headers as the answers before it, its reset being when the block ends (= `Retry-After`).
   */
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const { res } = this.getRequestResponse(context);
    this.setResponseHeader(res, `${this.headerPrefix}-Limit`, detail.limit);
    this.setResponseHeader(res, `${this.headerPrefix}-Remaining`, 0);
    this.setResponseHeader(res, `${this.headerPrefix}-Reset`, detail.timeToBlockExpire);
    await super.throwThrottlingException(context, detail);
  }

  protected override setResponseHeader(response: Record<string, unknown>, name: string, value: string | number): void {
    super.setResponseHeader(response, name.replace(/-(public|api|auth|ai)$/, ''), value);
  }

  private tierOf(context: ExecutionContext): RateLimitTier | null {
    const tier = this.reflector.getAllAndOverride<RateLimitTier | null | undefined>(RATE_LIMIT_TIER, [
      context.getHandler(),
      context.getClass(),
    ]);
    return tier === undefined ? DEFAULT_RATE_LIMIT_TIER : tier;
  }
}
