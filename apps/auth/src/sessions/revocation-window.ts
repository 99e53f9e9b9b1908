import type { AppConfig } from '@ficus/common';

/**
 * How long an ended session must be remembered as revoked: the longest an access token issued
 * now stays acceptable, i.e. its lifetime plus the verifiers' clock-skew tolerance.
 */
export function revocationWindowMs(config: AppConfig): number {
  return (config.AUTH_ACCESS_TOKEN_TTL_S + config.AUTH_CLOCK_SKEW_S) * 1000;
}
