/** Keys whose values never reach a log line, wherever application code puts them. */
const SECRET_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'x-api-key',
];

const path = (prefix: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${prefix ? '.' : ''}${key}` : `${prefix}["${key}"]`);

/**
 * Log paths whose values are replaced by `[Redacted]`: each secret key at the top level and up to
 * three levels down (`err.config.headers.Authorization`). Request lines carry no headers at all.
 */
export const REDACTED_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => [path('', key), path('*', key), path('*.*', key), path('*.*.*', key)]);

const SECRET_QUERY_PARAMETER = /([?&])([^=&#]*(?:token|password|secret|key|code|signature)[^=&#]*)=([^&#]*)/gi;

/** The URL with the values of secret-looking query parameters replaced: `?token=abc` → `?token=[Redacted]`. */
export function redactUrl(url: string): string {
  return url.includes('?') ? url.replace(SECRET_QUERY_PARAMETER, '$1$2=[Redacted]') : url;
}
