import { AppConfig } from './app-config.js';
import { loadConfig } from './load-config.js';
import { configProblems } from '../../../../test/support/config-problems.js';
import { newServiceKey } from '../../../../tools/start/dev-keys.js';

const KEY = newServiceKey();
const REDIS_REQUIRED =
  'AUTH_TRANSPORT: REDIS_URL is required when auth runs as its own app (AUTH_TRANSPORT=nats|tcp): logout and reuse detection reach every app through Redis';

describe('AuthSettings', () => {
  it.each(['nats', 'tcp'])('refuses AUTH_TRANSPORT=%s without REDIS_URL: revocations would stay in one process', (transport) => {
    expect(configProblems({ AUTH_TRANSPORT: transport, SERVICE_PRIVATE_KEYS: KEY })).toEqual([REDIS_REQUIRED]);
    expect(configProblems({ AUTH_TRANSPORT: transport, SERVICE_PRIVATE_KEYS: KEY, REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([]);
  });

  it('needs no Redis while auth runs in the process, whatever else is remote', () => {
    expect(configProblems({})).toEqual([]);
    expect(configProblems({ TODOS_TRANSPORT: 'nats', AI_TRANSPORT: 'tcp', SERVICE_PRIVATE_KEYS: KEY })).toEqual([]);
  });

  it('reports an unknown transport once, as an unknown transport', () => {
    expect(configProblems({ AUTH_TRANSPORT: 'carrier-pigeon', SERVICE_PRIVATE_KEYS: KEY })).toEqual([expect.stringMatching(/^AUTH_TRANSPORT: AUTH_TRANSPORT must be one of/)]);
  });

  it.each([
    ['7168', '1', 5],
    ['12288', '2', 3],
    ['19455', '2', 3],
  ])('refuses Argon2id with %s KiB and time cost %s: that memory needs %i passes', (memory, timeCost, least) => {
    expect(configProblems({ AUTH_ARGON2_MEMORY_KIB: memory, AUTH_ARGON2_TIME_COST: timeCost })).toEqual([
      `AUTH_ARGON2_TIME_COST: AUTH_ARGON2_TIME_COST must be at least ${least} with AUTH_ARGON2_MEMORY_KIB=${memory} (OWASP: 47104/1, 19456/2, 12288/3, 9216/4, 7168/5)`,
    ]);
  });

  it.each([
    ['47104', '1'],
    ['19456', '2'],
    ['7168', '5'],
    ['65536', '3'],
  ])('accepts Argon2id with %s KiB and time cost %s', (memory, timeCost) => {
    expect(configProblems({ AUTH_ARGON2_MEMORY_KIB: memory, AUTH_ARGON2_TIME_COST: timeCost })).toEqual([]);
  });

  it('no longer reads AUTH_ADMIN_EMAILS: roles come from the operator, not from configuration', () => {
    expect(loadConfig(AppConfig, { AUTH_ADMIN_EMAILS: 'boss@example.com' })).not.toHaveProperty('AUTH_ADMIN_EMAILS');
  });
});
