import { SetMetadata } from '@nestjs/common';

/** The named rate-limit tiers; limits come from configuration (README, "Rate limiting"). */
export const RATE_LIMIT_TIERS = ['public', 'api', 'auth', 'ai'] as const;
export type RateLimitTier = (typeof RATE_LIMIT_TIERS)[number];

/** Tier applied to routes that declare none. */
export const DEFAULT_RATE_LIMIT_TIER: RateLimitTier = 'api';
export const RATE_LIMIT_TIER = 'ficus:rate-limit-tier';

/**
 * Puts a route or controller in one rate-limit tier: `public` for anonymous reads,
 * `api` (default) for the API, `auth` for credential endpoints, `ai` for requests that cost
 * model time (its own, smaller budget per user).
 */
export const RateLimit = (tier: RateLimitTier) => SetMetadata(RATE_LIMIT_TIER, tier);

/** Exempts a route or controller from rate limiting (health probes, metrics scrapes). */
export const SkipRateLimit = () => SetMetadata(RATE_LIMIT_TIER, null);
