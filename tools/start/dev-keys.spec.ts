import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceCredentials } from '@ficus/common';
import { devServicePublicKeysPath, ensureDevComposeEnv, ensureDevJwtKey, ensureDevServiceKeys } from './dev-keys.js';

const mode = (file: string) => statSync(file).mode & 0o777;

/** The variables of a compose env file as compose reads them: `NAME=value`, or double-quoted with `\\n`, `\\"` and `\\\\` escapes. */
function composeEnv(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [, name, quoted, plain] of text.matchAll(/^(\w+)=(?:"((?:[^"\\]|\\.)*)"|(.*))$/gm)) {
    variables[name] = quoted === undefined ? plain : quoted.replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
  }
  return variables;
}

describe('development credentials', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'ficus-dev-keys-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes an ES256 private key, readable only by its owner, and reuses it after', () => {
    const file = ensureDevJwtKey(dataDir);
    expect(file).toBe(join(dataDir, 'keys', 'auth-jwt-es256.pem'));
    expect(mode(file)).toBe(0o600);
    const pem = readFileSync(file, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const signature = sign('sha256', Buffer.from('token'), { key, dsaEncoding: 'ieee-p1363' });
    expect(verify('sha256', Buffer.from('token'), { key: createPublicKey(key), dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);

    expect(ensureDevJwtKey(dataDir)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(pem);
  });

  it('keeps only the keys directory private: a data directory it creates stays enterable', () => {
    const fresh = join(dataDir, 'data');
    ensureDevJwtKey(fresh);
    expect(mode(join(fresh, 'keys'))).toBe(0o700);
    expect(mode(fresh)).toBe(0o777 & ~process.umask());
  });

  it('makes one X25519 service key per app, readable only by its owner, reused after, and lists their public keys', () => {
    const { keyFiles, publicKeys } = ensureDevServiceKeys(dataDir);
    expect(Object.keys(keyFiles)).toEqual(['gateway', 'auth', 'todos', 'ai']);
    for (const [app, file] of Object.entries(keyFiles)) {
      expect(file).toBe(join(dataDir, 'keys', `service-${app}.pem`));
      expect(mode(file)).toBe(0o600);
      expect(createPrivateKey(readFileSync(file, 'utf8')).asymmetricKeyType).toBe('x25519');
    }
    expect(publicKeys.split(',').map((entry) => entry.split(':')[0])).toEqual(['gateway', 'auth', 'todos', 'ai']);
    expect(readFileSync(devServicePublicKeysPath(dataDir), 'utf8')).toBe(`${publicKeys.split(',').join('\n')}\n`);
    // What the launchers give the apps works: the gateway signs, auth verifies.
    const config = (app: 'gateway' | 'auth') => ({ SERVICE_PRIVATE_KEYS: readFileSync(keyFiles[app], 'utf8'), SERVICE_PUBLIC_KEYS: publicKeys.split(',') });
    const call = { requestId: 'r', callId: 'c', deadline: Date.now() + 1000 };
    const credential = ServiceCredentials.fromConfig('gateway', config('gateway')).sign('auth', 'auth.me', {}, call);
    expect(ServiceCredentials.fromConfig('auth', config('auth')).accepts('auth.me', {}, call, credential)).toBe(true);
    expect(ensureDevServiceKeys(dataDir)).toEqual({ keyFiles, publicKeys });
    expect(ensureDevServiceKeys(mkdtempSync(join(dataDir, 'other-'))).publicKeys).not.toBe(publicKeys);
  });

  it('makes NATS passwords for docker compose, one per app, that nats-server reads as strings', () => {
    const file = ensureDevComposeEnv(dataDir);
    expect(file).toBe(join(dataDir, 'keys', 'compose.env'));
    expect(mode(file)).toBe(0o600);
    const passwords = readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('_PASSWORD='));
    expect(passwords.map((line) => line.split('=')[0])).toEqual(['NATS_GATEWAY_PASSWORD', 'NATS_AUTH_PASSWORD', 'NATS_TODOS_PASSWORD', 'NATS_AI_PASSWORD']);
    // A letter first: nats-server parses the variable as a configuration value, where a digit would start a number.
    for (const line of passwords) expect(line.split('=')[1]).toMatch(/^[a-z][0-9a-f]{32}$/);
    const before = readFileSync(file, 'utf8');
    ensureDevComposeEnv(dataDir);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('puts the development keys into compose.env as the variables docker-compose.yml takes its secrets from', () => {
    const variables = composeEnv(readFileSync(ensureDevComposeEnv(dataDir), 'utf8'));
    const { keyFiles, publicKeys } = ensureDevServiceKeys(dataDir);
    expect(variables.FICUS_AUTH_JWT_KEY).toBe(readFileSync(ensureDevJwtKey(dataDir), 'utf8'));
    for (const app of ['gateway', 'auth', 'todos', 'ai'] as const) expect(variables[`FICUS_SERVICE_KEY_${app.toUpperCase()}`]).toBe(readFileSync(keyFiles[app], 'utf8'));
    expect(variables.FICUS_SERVICE_PUBLIC_KEYS).toBe(publicKeys);
    // Every secret and config the compose file takes from a variable is there.
    const compose = readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8');
    const wanted = [...compose.matchAll(/^\s+environment: (FICUS_\w+)$/gm)].map((match) => match[1]);
    expect(wanted.length).toBeGreaterThanOrEqual(6);
    expect(wanted.filter((name) => variables[name] === undefined)).toEqual([]);
  });

  it('adds the keys to a compose.env made before they were in it, keeping its passwords', () => {
    const file = ensureDevComposeEnv(dataDir);
    const passwords = readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('_PASSWORD=')).map((line) => `${line}\n`).join('');
    writeFileSync(file, passwords);
    ensureDevComposeEnv(dataDir);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(passwords)).toBe(true);
    expect(Object.keys(composeEnv(after))).toContain('FICUS_SERVICE_KEY_GATEWAY');
  });
});
