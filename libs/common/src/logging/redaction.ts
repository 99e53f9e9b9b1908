/**
 * Log paths whose values are replaced by `[Redacted]`. Covers the request and response headers
 * pino-http logs and the usual places application code puts secrets in log objects.
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
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
