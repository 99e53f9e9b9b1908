import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devServiceSecret, devServiceSecretPath, ensureDevJwtKey } from './dev-keys.js';

const mode = (file: string) => statSync(file).mode & 0o777;

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

  it('makes a 64-hex-character service secret, readable only by its owner, and reuses it after', () => {
    const secret = devServiceSecret(dataDir);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(mode(devServiceSecretPath(dataDir))).toBe(0o600);
    expect(devServiceSecret(dataDir)).toBe(secret);
    expect(devServiceSecret(mkdtempSync(join(dataDir, 'other-')))).not.toBe(secret);
  });
});
