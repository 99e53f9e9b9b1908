/** Keys whose values never reach a log line, wherever application code puts them (compared lower-cased). */
const SECRET_KEYS = new Set(['password', 'currentpassword', 'newpassword', 'token', 'accesstoken', 'refreshtoken', 'secret', 'apikey', 'authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** What replaces a secret value. */
export const REDACTED = '[Redacted]';

/** How deep the scrub looks (`err.config.headers.Authorization` is four levels) … */
const MAX_DEPTH = 6;
/** … and how many values it visits per line at most: a huge object costs a bounded scrub, its rest is dropped. */
const MAX_VALUES = 500;
const TRUNCATED = '[Truncated]';

/** True for a key whose value must never be logged. */
export const isSecretKey = (key: string): boolean => SECRET_KEYS.has(key.toLowerCase());

interface Budget {
  left: number;
}

function scrubValue(value: unknown, depth: number, budget: Budget, seen: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth >= MAX_DEPTH) return TRUNCATED;
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => (budget.left-- > 0 ? scrubValue(item, depth + 1, budget, seen) : TRUNCATED));
    const copy: Record<string, unknown> = {};
    // An error's useful fields are not enumerable: keep them (pino's own error shape), then its own properties.
    if (value instanceof Error) {
      copy.type = value.constructor.name;
      copy.message = value.message;
      copy.stack = value.stack;
      if (value.cause !== undefined) copy.cause = scrubValue(value.cause, depth + 1, budget, seen);
    }
    for (const key of Object.keys(value)) {
      if (budget.left-- <= 0) {
        copy[key] = TRUNCATED;
        break;
      }
      copy[key] = isSecretKey(key) ? REDACTED : scrubValue((value as Record<string, unknown>)[key], depth + 1, budget, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}

/**
 * A log line's fields with the value of every secret key replaced by `[Redacted]`, at any depth
 * up to MAX_DEPTH, errors included (their type, message, stack and cause kept). Bounded: at most
 * MAX_VALUES values are visited, so a large object costs a bounded amount and is cut there.
 * Lines without nested objects (the request line) cost one pass over their top-level keys.
 */
export function scrubSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  const budget: Budget = { left: MAX_VALUES };
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    const scrubbed = isSecretKey(key) ? REDACTED : typeof value === 'object' && value !== null ? scrubValue(value, 1, budget, new Set()) : value;
    if (scrubbed !== value) {
      copy ??= { ...fields };
      copy[key] = scrubbed;
    }
  }
  return copy ?? fields;
}

const SECRET_QUERY_PARAMETER = /([?&])([^=&#]*(?:token|password|secret|key|code|signature)[^=&#]*)=([^&#]*)/gi;

/** The URL with the values of secret-looking query parameters replaced: `?token=abc` → `?token=[Redacted]`. */
export function redactUrl(url: string): string {
  return url.includes('?') ? url.replace(SECRET_QUERY_PARAMETER, '$1$2=[Redacted]') : url;
}
