import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, ACCESS_TOKEN_USE } from './access-token.js';
import { ChangePasswordRequest, ForgotPasswordRequest, LoginRequest, RefreshRequest, RegisterRequest, ResetPasswordRequest } from './auth.requests.js';
import { TokenPair } from './auth.views.js';

// @nestjs/swagger's metadata keys (its `DECORATORS` constants), read the way its scanner reads them.
const PROPERTIES = 'swagger/apiModelPropertiesArray';
const PROPERTY = 'swagger/apiModelProperties';

/** Each documented property of `type` with its `example` (undefined when it has none). */
function examplesOf(type: ClassConstructor<object>): Record<string, unknown> {
  const names = (Reflect.getMetadata(PROPERTIES, type.prototype) as string[]).map((name) => name.replace(/^:/, ''));
  return Object.fromEntries(names.map((name) => [name, (Reflect.getMetadata(PROPERTY, type.prototype, name) as { example?: unknown }).example]));
}

const decode = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('auth contract examples (Swagger)', () => {
  const requests: ClassConstructor<object>[] = [RegisterRequest, LoginRequest, RefreshRequest, ForgotPasswordRequest, ResetPasswordRequest, ChangePasswordRequest];
  it.each(requests.map((type) => [type.name, type] as const))(
    'give every field of %s an example the API itself accepts',
    (_name, type) => {
      const examples = examplesOf(type);
      for (const [field, example] of Object.entries(examples)) expect({ field, example }).toEqual({ field, example: expect.anything() });
      expect(validateSync(plainToInstance(type, examples))).toEqual([]);
    },
  );

  it('show a token pair as login returns it: an ES256 access token, opaque refresh token, ISO times', () => {
    const examples = examplesOf(TokenPair);
    for (const [field, example] of Object.entries(examples)) expect({ field, example }).toEqual({ field, example: expect.anything() });
    const [header, claims, signature] = String(examples.accessToken).split('.');
    expect(decode(header)).toMatchObject({ alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: expect.any(String) });
    const payload = decode(claims);
    expect(payload).toMatchObject({ token_use: ACCESS_TOKEN_USE, roles: ['user'] });
    // 64 bytes: an ES256 signature in JOSE's r‖s form.
    expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
    expect(new Date(String(examples.accessTokenExpiresAt)).getTime() / 1000).toBe(payload.exp);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(examples.expiresIn);
    expect(examples.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(examplesOf(RefreshRequest).refreshToken).toBe(examples.refreshToken);
  });
});
