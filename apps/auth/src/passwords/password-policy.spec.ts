import { ValidationProblem } from '@ficus/common';
import { AUTH_ERRORS } from '@ficus/contracts/auth';
import { CommonPasswords } from './common-passwords.js';
import { PasswordPolicy } from './password-policy.js';

describe('PasswordPolicy', () => {
  const commonPasswords = new CommonPasswords();
  const policy = new PasswordPolicy(commonPasswords);

  function problemFor(password: string, field: 'password' | 'newPassword' = 'password'): ValidationProblem {
    try {
      policy.assertAcceptable(password, field);
    } catch (error) {
      if (error instanceof ValidationProblem) return error;
      throw error;
    }
    throw new Error(`"${password}" was accepted`);
  }

  it('loads a real list of common passwords', () => {
    expect(commonPasswords.size).toBeGreaterThan(10_000);
  });

  it.each(['password', 'Password1', 'iloveyou', '12345678', 'QWERTYUIOP', 'trustno1'])('refuses the common password %s, ignoring case', (password) => {
    const problem = problemFor(password);
    expect(problem.getStatus()).toBe(400);
    expect(problem.code).toBe(AUTH_ERRORS.weakPassword);
    expect(problem.errors).toEqual([{ field: 'password', messages: [expect.stringMatching(/common/)] }]);
  });

  it('refuses fewer than 8 and more than 128 characters, naming the given field', () => {
    expect(problemFor('Xq7#kLm', 'newPassword').errors).toEqual([{ field: 'newPassword', messages: [expect.stringMatching(/at least 8/)] }]);
    expect(problemFor('Xq7#kLmZ'.repeat(16) + 'z').errors).toEqual([{ field: 'password', messages: [expect.stringMatching(/at most 128/)] }]);
  });

  it('counts characters as code points (NIST SP 800-63B): an emoji is one, a variation selector one more', () => {
    const longest = `${'🌿'.repeat(64)}${'leaf'.repeat(16)}`;
    expect(() => policy.assertAcceptable(longest, 'password')).not.toThrow();
    expect(problemFor(`${longest}🌿`).errors).toEqual([{ field: 'password', messages: [expect.stringMatching(/at most 128/)] }]);
    expect(() => policy.assertAcceptable('❤️'.repeat(4), 'password')).not.toThrow();
    expect(problemFor('🌿'.repeat(7)).errors).toEqual([{ field: 'password', messages: [expect.stringMatching(/at least 8/)] }]);
  });

  it('accepts 8 to 128 characters of anything, with no composition rules', () => {
    for (const password of ['xkcd horse', 'zzzzqqqqwwww', 'Xq7#kLmZ'.repeat(16), 'ünïcødé-pässwört', '        a       ']) {
      expect(() => policy.assertAcceptable(password, 'password')).not.toThrow();
    }
  });
});
