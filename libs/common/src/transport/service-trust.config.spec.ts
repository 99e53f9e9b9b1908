import { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import { newServiceKey, servicePublicKeys } from '../../../../tools/start/dev-keys.js';
import { serviceTrustProblems } from './service-trust.config.js';

const keys = { gateway: newServiceKey(), auth: newServiceKey(), todos: newServiceKey(), ai: newServiceKey() };
const config = (env: NodeJS.ProcessEnv) => loadConfig(AppConfig, env);

describe('serviceTrustProblems', () => {
  it('needs a key and Redis (its replay cache) in an app serving a context', () => {
    expect(serviceTrustProblems('todos', 'todos', config({}))).toEqual([
      'SERVICE_PRIVATE_KEYS: required by the todos app, which serves todos to other apps',
      'REDIS_URL: required by the todos app, which serves todos to other apps: its instances refuse replayed messages through it',
    ]);
    expect(serviceTrustProblems('todos', 'todos', config({ SERVICE_PRIVATE_KEYS: keys.todos, REDIS_URL: 'redis://127.0.0.1:6379' }))).toEqual([]);
  });

  it('needs the public key of every context an app calls remotely, and only of those', () => {
    const gateway = (publicKeys: Partial<typeof keys>) =>
      config({ AUTH_TRANSPORT: 'tcp', AI_TRANSPORT: 'nats', REDIS_URL: 'redis://127.0.0.1:6379', SERVICE_PRIVATE_KEYS: keys.gateway, SERVICE_PUBLIC_KEYS: servicePublicKeys(publicKeys) });
    expect(serviceTrustProblems('gateway', undefined, gateway({ gateway: keys.gateway, auth: keys.auth }))).toEqual([
      'SERVICE_PUBLIC_KEYS: has no key of ai, which the gateway app calls over nats',
    ]);
    expect(serviceTrustProblems('gateway', undefined, gateway({ auth: keys.auth, ai: keys.ai }))).toEqual([]);
    // The ai app calls todos only, and here in its own process.
    expect(serviceTrustProblems('ai', 'ai', config({ AI_TRANSPORT: 'nats', AUTH_TRANSPORT: 'nats', REDIS_URL: 'redis://127.0.0.1:6379', SERVICE_PRIVATE_KEYS: keys.ai }))).toEqual([]);
  });
});
