import { generateKeyPairSync } from 'node:crypto';
import { jwkThumbprint, parseSigningKeys } from './signing-keys.js';

const pemOf = (type: 'ec' | 'rsa', curve = 'P-256', format: 'pkcs8' | 'sec1' = 'pkcs8'): string =>
  type === 'ec'
    ? generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({ format: 'pem', type: format }).toString()
    : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('signing keys', () => {
  it('computes RFC 7638 thumbprints (known answer for the RFC 7517 A.1 EC key)', () => {
    const jwk = { kty: 'EC', crv: 'P-256', x: 'MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4', y: '4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM' };
    expect(jwkThumbprint(jwk)).toBe('cn-I_WNMClehiVp51i_0VpOENW1upEerA8sEam5hn-s');
  });

  it('reads every P-256 key in order (PKCS#8 and SEC1), each with its thumbprint as kid and a public-only JWK', () => {
    const text = `${pemOf('ec')}\n${pemOf('ec', 'P-256', 'sec1')}`;
    const keys = parseSigningKeys(text);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key.kid).toBe(jwkThumbprint({ kty: key.publicJwk.kty, crv: key.publicJwk.crv, x: key.publicJwk.x, y: key.publicJwk.y }));
      expect(key.publicJwk).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: key.kid, alg: 'ES256', use: 'sig' });
      expect(key.privateKey.type).toBe('private');
    }
    expect(keys[0].kid).not.toBe(keys[1].kid);
  });

  it('fails clearly, naming AUTH_JWT_PRIVATE_KEYS, when no key is configured', () => {
    for (const missing of [undefined, '', '  \n']) expect(() => parseSigningKeys(missing)).toThrow(/AUTH_JWT_PRIVATE_KEYS is not set/);
    expect(() => parseSigningKeys('hello')).toThrow(/AUTH_JWT_PRIVATE_KEYS holds no PEM private key/);
  });

  it('refuses keys ES256 cannot use, and duplicates, without echoing key material', () => {
    expect(() => parseSigningKeys(pemOf('rsa'))).toThrow(/key 1 is not an EC P-256 key/);
    expect(() => parseSigningKeys(`${pemOf('ec')}${pemOf('ec', 'P-384')}`)).toThrow(/key 2 is not an EC P-256 key/);
    const broken = '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----';
    expect(() => parseSigningKeys(broken)).toThrow(/key 1 is not a readable PEM private key$/);
    const pem = pemOf('ec');
    expect(() => parseSigningKeys(pem + pem)).toThrow(/same key twice/);
  });
});
