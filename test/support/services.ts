/** Defaults matching the services `.ci/run` makes sure are running. */
const DEFAULTS: Record<string, string> = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  NATS_URL: 'nats://127.0.0.1:4222',
};

/**
 * The URL of a real service a test needs. In CI the variable must be set (`.ci/run` sets it and
 * starts the service), so a missing service fails the run instead of silently skipping tests.
 */
export function requireService(name: 'REDIS_URL' | 'NATS_URL'): string {
  const value = process.env[name];
  if (value) return value;
  if (process.env.CI) throw new Error(`${name} must be set in CI; .ci/run sets it after starting the service`);
  return DEFAULTS[name];
}
