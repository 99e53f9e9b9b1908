import { scanInput, TEXT_RULES, toFieldProblems } from '@ficus/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';

/** A model's answer after checking: the typed value, or what is wrong with it (for the repair prompt). */
export type ParsedAnswer<T> = { ok: true; value: T } | { ok: false; problems: string[] };

// Models often wrap JSON in a Markdown fence despite being told not to; only a whole-answer
// fence is unwrapped, nothing is searched for inside prose.
const WHOLE_FENCE = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmedText = text.trim();
  try {
    return { ok: true, value: JSON.parse(WHOLE_FENCE.exec(trimmedText)?.[1] ?? trimmedText) };
  } catch {
    return { ok: false };
  }
}

/**
 * Treats a model's text as untrusted input: it must be one JSON object whose text the database
 * stores as written (TEXT_RULES: applied suggestions become todos), nested no deeper than
 * request data may be (MAX_INPUT_DEPTH, before anything recursive walks it), that passes the
 * class-validator rules of `schema` (unknown properties are dropped) and then `check`, which
 * sees the whole value (e.g. that every reference names something that was sent).
 */
export function parseModelAnswer<T extends object>(text: string, schema: ClassConstructor<T>, check: (value: T) => string[] = () => []): ParsedAnswer<T> {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, problems: ['the answer is not valid JSON'] };
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return { ok: false, problems: ['the answer must be one JSON object'] };
  }
  const scan = scanInput(json.value, TEXT_RULES);
  if (scan.problems.length > 0) return { ok: false, problems: scan.problems.flatMap(({ field, messages }) => messages.map((message) => `${field}: ${message}`)) };
  const value = plainToInstance(schema, json.value);
  const errors = validateSync(value, { whitelist: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  const problems = toFieldProblems(errors).flatMap((problem) => problem.messages.map((message) => `${problem.field}: ${message}`));
  if (problems.length > 0) return { ok: false, problems };
  const semantic = check(value);
  return semantic.length > 0 ? { ok: false, problems: semantic } : { ok: true, value };
}
