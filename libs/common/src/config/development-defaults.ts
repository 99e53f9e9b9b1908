import type { AppConfig } from './app-config.js';

/**
 * Defaults that differ in development (`NODE_ENV` unset or `development`): limits a person
 * exploring the API by hand — the README's walkthrough twice, every "Try it out" in Swagger
 * UI, a few wrong passwords — never reaches. Production and test keep the documented
 * defaults; a value set in the environment always wins.
 */
export const DEVELOPMENT_DEFAULTS = {
  RATE_LIMIT_PUBLIC_LIMIT: 10_000,
  RATE_LIMIT_API_LIMIT: 10_000,
  RATE_LIMIT_AUTH_LIMIT: 1000,
  RATE_LIMIT_AI_LIMIT: 1000,
  AUTH_LOGIN_MAX_FAILURES: 1000,
} as const satisfies Partial<Record<keyof AppConfig, number>>;

/** `plain` (the environment as read) with the development defaults of the `known` keys it leaves unset. */
export function withDevelopmentDefaults(plain: Record<string, string>, known: ReadonlySet<string>): Record<string, string> {
  if ((plain.NODE_ENV ?? 'development') !== 'development') return plain;
  const defaults = Object.fromEntries(Object.entries(DEVELOPMENT_DEFAULTS).filter(([key]) => known.has(key)).map(([key, value]) => [key, String(value)]));
  return { ...defaults, ...plain };
}

/** The start-up line saying which development defaults are in force, if any. */
export function developmentNotice(config: AppConfig): string | undefined {
  if (config.NODE_ENV !== 'development') return undefined;
  const relaxed = Object.entries(DEVELOPMENT_DEFAULTS).filter(([key, value]) => config[key as keyof typeof DEVELOPMENT_DEFAULTS] === value);
  if (relaxed.length === 0) return undefined;
  const list = relaxed.map(([key, value]) => `${key}=${value}`).join(', ');
  return `Development defaults: rate limits and login throttling relaxed for exploring by hand (${list}); NODE_ENV=production keeps the production limits`;
}
