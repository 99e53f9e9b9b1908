import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ChangePasswordRequest, LoginRequest, RegisterRequest, ResetPasswordRequest } from './auth.requests.js';

const invalidFields = (type: new () => object, body: object) => validateSync(plainToInstance(type, body)).map((error) => error.property);

describe('password fields', () => {
  // 128 code points: 64 emoji (two UTF-16 units each) and 64 letters.
  const longest = `${'🌿'.repeat(64)}${'leaf'.repeat(16)}`;

  it('count code points, as the password policy does (NIST SP 800-63B)', () => {
    const email = 'ada@example.com';
    expect(invalidFields(RegisterRequest, { email, password: longest })).toEqual([]);
    expect(invalidFields(RegisterRequest, { email, password: `${longest}🌿` })).toEqual(['password']);
    // ❤️ is U+2764 U+FE0F: two code points, so four of them are eight characters.
    expect(invalidFields(RegisterRequest, { email, password: '❤️'.repeat(4) })).toEqual([]);
    expect(invalidFields(RegisterRequest, { email, password: '❤️'.repeat(65) })).toEqual(['password']);
    expect(invalidFields(ResetPasswordRequest, { token: 't', newPassword: '❤️'.repeat(65) })).toEqual(['newPassword']);
    expect(invalidFields(ChangePasswordRequest, { currentPassword: '❤️'.repeat(65), newPassword: longest })).toEqual(['currentPassword']);
    expect(invalidFields(LoginRequest, { email, password: '❤️'.repeat(65) })).toEqual(['password']);
  });
});
