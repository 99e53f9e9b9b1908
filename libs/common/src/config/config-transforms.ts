import type { TransformFnParams } from 'class-transformer';

/** `"a, b,,c"` → `['a', 'b', 'c']`; arrays pass through; anything else is left for the validator. */
export function toList({ value }: TransformFnParams): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** `"a b,\nc"` → `['a', 'b', 'c']`: a list separated by commas or whitespace (lines of a `_FILE`, say). */
export function toWords({ value }: TransformFnParams): unknown {
  if (typeof value !== 'string') return value;
  return value.split(/[\s,]+/).filter((item) => item.length > 0);
}

/** Accepts the spellings people put in env files; anything else is left for the validator to reject. */
export function toBoolean({ value }: TransformFnParams): unknown {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
}
