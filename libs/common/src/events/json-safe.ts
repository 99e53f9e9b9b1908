import type { JsonObject } from './event-envelope.js';

/** Thrown when an event payload would not arrive as written (a Date, undefined, NaN, a class instance…). */
export class EventPayloadError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`Event payload is not JSON-safe at ${path}: ${reason}`);
    this.name = 'EventPayloadError';
  }
}

/** Deeper than any payload needs; bounds the walk. */
const MAX_DEPTH = 32;

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function reasonAgainst(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      // What jsonb cannot store (and the HTTP edge refuses anyway).
      if (value.includes('\u0000')) return 'a NUL character';
      return value.isWellFormed() ? undefined : 'a lone surrogate';
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${value} is not a JSON number`;
    case 'object':
      if (value === null || Array.isArray(value) || isPlainObject(value)) return undefined;
      return `${value.constructor?.name ?? 'an object'} instance (send its JSON form, e.g. an ISO string for a Date)`;
    default:
      return `${typeof value} has no JSON form`;
  }
}

/**
 * Checks that `payload` is a plain JSON object that `JSON.stringify` keeps exactly — so every
 * consumer, in-process or over JetStream, sees what the writer wrote. Iterative, depth-bounded.
 * Throws an {@link EventPayloadError} naming the first offending path (`payload.tags[2]`).
 */
export function assertJsonSafe(payload: unknown): asserts payload is JsonObject {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !isPlainObject(payload)) {
    throw new EventPayloadError('payload', 'a payload is a plain JSON object');
  }
  const pending: [unknown, string, number][] = [[payload, 'payload', 0]];
  while (pending.length > 0) {
    const [value, path, depth] = pending.pop() as [unknown, string, number];
    const reason = reasonAgainst(value);
    if (reason) throw new EventPayloadError(path, reason);
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) throw new EventPayloadError(path, `nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => pending.push([item, `${path}[${index}]`, depth + 1]));
    } else {
      for (const [key, item] of Object.entries(value)) pending.push([item, `${path}.${key}`, depth + 1]);
    }
  }
}
