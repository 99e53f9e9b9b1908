/**
 * Log paths whose values are replaced by `[Redacted]`: the usual places application code puts
 * secrets in log objects. Request logs carry no headers at all (see the req serializer).
 */
export const REDACTED_PATHS: readonly string[] = [
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.authorization',
  '*.cookie',
  'password',
  'token',
  'accessToken',
  'refreshToken',
];
