import { generateKeyPairSync } from 'node:crypto';
import { configProblems } from '../../../../test/support/config-problems.js';
import { newServiceKey, servicePublicKeys } from '../../../../tools/start/dev-keys.js';
import { AppConfig } from './app-config.js';
import { loadConfig } from './load-config.js';

const pem = (type: 'ed25519' | 'x25519') => generateKeyPairSync(type as 'x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('TransportSettings: service keys', () => {
  it('needs this app’s key once a context is remote, and says what it replaces', () => {
    expect(configProblems({ TODOS_TRANSPORT: 'nats' })).toEqual([
      'SERVICE_PRIVATE_KEYS: SERVICE_PRIVATE_KEYS is required when a context is remote (a *_TRANSPORT is nats or tcp); it replaces SERVICE_SECRETS',
    ]);
    expect(configProblems({ TODOS_TRANSPORT: 'nats', SERVICE_PRIVATE_KEYS: newServiceKey() })).toEqual([]);
    expect(configProblems({})).toEqual([]);
  });

  it('takes X25519 keys only, several in one PEM text', () => {
    expect(loadConfig(AppConfig, { SERVICE_PRIVATE_KEYS: `${newServiceKey()}${newServiceKey()}` }).SERVICE_PRIVATE_KEYS).toBeDefined();
    expect(configProblems({ SERVICE_PRIVATE_KEYS: pem('ed25519') })).toEqual([
      'SERVICE_PRIVATE_KEYS: SERVICE_PRIVATE_KEYS must hold PEM X25519 private keys: every key must be an X25519 key (openssl genpkey -algorithm x25519)',
    ]);
    expect(configProblems({ SERVICE_PRIVATE_KEYS: 'a secret of at least 32 characters, as before' })).toEqual([
      'SERVICE_PRIVATE_KEYS: SERVICE_PRIVATE_KEYS must hold PEM X25519 private keys: no PEM private key (-----BEGIN PRIVATE KEY-----)',
    ]);
  });

  it('reads the public keys of named apps, separated by commas or lines (a _FILE)', () => {
    const keys = servicePublicKeys({ gateway: newServiceKey(), auth: newServiceKey(), ai: newServiceKey() });
    expect(loadConfig(AppConfig, { SERVICE_PUBLIC_KEYS: keys }).SERVICE_PUBLIC_KEYS).toEqual(keys.split(','));
    expect(loadConfig(AppConfig, { SERVICE_PUBLIC_KEYS: `${keys.split(',').join('\n')}\n` }).SERVICE_PUBLIC_KEYS).toEqual(keys.split(','));
    const [gatewayEntry] = keys.split(',');
    const ed25519 = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    for (const wrong of [gatewayEntry.replace('gateway:', 'mail:'), `auth:${ed25519}`, gatewayEntry.slice(0, -2)]) {
      expect(configProblems({ SERVICE_PUBLIC_KEYS: wrong })).toEqual([expect.stringMatching(/^SERVICE_PUBLIC_KEYS: SERVICE_PUBLIC_KEYS entries must be <app>:<X25519 public key>/)]);
    }
  });
});
