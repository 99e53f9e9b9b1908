import { AppConfig, loadConfig } from '@ficus/common';
import { PasswordHasher } from './password-hasher.js';

async function hasherWith(env: Record<string, string> = {}): Promise<PasswordHasher> {
  const hasher = new PasswordHasher(loadConfig(AppConfig, env));
  await hasher.onModuleInit();
  return hasher;
}

describe('PasswordHasher', () => {
  it('hashes with Argon2id at the ASVS defaults (m=19456 KiB, t=2, p=1) and a random salt', async () => {
    const hasher = await hasherWith();
    const [first, second] = [await hasher.hash('correct horse'), await hasher.hash('correct horse')];
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(second).not.toBe(first);
  });

  it('verifies the right password only, and treats a malformed hash as a mismatch', async () => {
    const hasher = await hasherWith();
    const stored = await hasher.hash('correct horse');
    await expect(hasher.verify(stored, 'correct horse')).resolves.toBe(true);
    await expect(hasher.verify(stored, 'correct horse ')).resolves.toBe(false);
    await expect(hasher.verify('not a hash', 'correct horse')).resolves.toBe(false);
    await expect(hasher.verifyNothing('correct horse')).resolves.toBe(false);
  });

  it('asks for a re-hash exactly when the stored parameters differ from the configured ones', async () => {
    const current = await hasherWith();
    const stronger = await hasherWith({ AUTH_ARGON2_TIME_COST: '3', AUTH_ARGON2_MEMORY_KIB: '20000' });
    const stored = await current.hash('correct horse');
    expect(current.needsRehash(stored)).toBe(false);
    expect(stronger.needsRehash(stored)).toBe(true);
    expect(stronger.needsRehash(await stronger.hash('correct horse'))).toBe(false);
    expect(current.needsRehash('$2b$10$abcdefghijklmnopqrstuu5Zk6rJm2b6N3jv6pJ1yXH3wqJp7f5yK')).toBe(true);
  });

  it('refuses parameters below the OWASP floor in the configuration', () => {
    expect(() => loadConfig(AppConfig, { AUTH_ARGON2_MEMORY_KIB: '4096' })).toThrow(/AUTH_ARGON2_MEMORY_KIB/);
  });
});
