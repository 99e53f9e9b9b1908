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
  if (!value && process.env.CI) throw new Error(`${name} must be set in CI; .ci/run sets it after starting the service`);
  const url = value || DEFAULTS[name];
  return name === 'REDIS_URL' ? testRedisDatabase(url) : url;
}

/**
 * Tests keep their keys (rate-limit counters, revocations) in Redis database 1 unless the URL
 * names one, so a test run leaves nothing behind that throttles `npm start` on database 0.
 */
function testRedisDatabase(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === '' || parsed.pathname === '/') parsed.pathname = '/1';
  return parsed.toString();
}
