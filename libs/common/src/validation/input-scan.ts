import type { FieldProblem } from '../errors/problem-details.js';

/**
 * How deeply request data may nest: objects and arrays, the request body (or query) itself
 * being level 1. No DTO nests more than a few levels; the limit keeps every walker over
 * request data (class-transformer, class-validator) far from the end of the stack.
 */
export const MAX_INPUT_DEPTH = 32;

/** One check of a text value: what is wrong with it (completing "<field> …"), if anything. */
export type TextRule = (text: string) => string | undefined;

export interface InputScan {
  /** One entry per offending field, in document order; each message completes "<field> …". */
  problems: FieldProblem[];
  /** Some value nests deeper than MAX_INPUT_DEPTH: nothing recursive may walk this input. */
  tooDeep: boolean;
}

export interface InputScanOptions {
  /** Path of the value itself (`id` for a route parameter); its members are `<root>.<key>`. */
  root?: string;
  /** Check object keys too, reporting them under the member's path. */
  keys?: boolean;
}

interface Pending {
  value: unknown;
  path: string;
  depth: number;
  /** What is wrong with the key naming this member: then the member itself is not looked at. */
  keyProblems?: string[];
}

const childPath = (parent: string, key: string | number): string => (parent ? `${parent}.${key}` : String(key));

/**
 * Applies `rules` to every string in `value` and refuses nesting beyond MAX_INPUT_DEPTH,
 * without recursion (a stack of its own), so no input can overflow the call stack here; and
 * below the depth limit nothing is descended into, so no later walker can overflow it either.
 */
export function scanInput(value: unknown, rules: readonly TextRule[], { root = '', keys = false }: InputScanOptions = {}): InputScan {
  const problems: FieldProblem[] = [];
  let tooDeep = false;
  const report = (path: string, messages: string[]): void => {
    problems.push({ field: path || 'value', messages });
  };
  const failedRules = (text: string): string[] => rules.map((rule) => rule(text)).filter((message) => message !== undefined);
  const stack: Pending[] = [{ value, path: root, depth: 1 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: item, path, depth, keyProblems } = next;
    if (keyProblems) {
      report(path, keyProblems);
      continue;
    }
    if (typeof item === 'string') {
      const failed = failedRules(item);
      if (failed.length > 0) report(path, failed);
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    if (depth > MAX_INPUT_DEPTH) {
      tooDeep = true;
      report(path, [`must not nest deeper than ${MAX_INPUT_DEPTH} levels`]);
      continue;
    }
    // Pushed last to first, so members are visited (and reported) in document order.
    if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1) stack.push({ value: item[index], path: childPath(path, index), depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(item);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, member] = entries[index];
      const failedKey = keys ? failedRules(key) : [];
      stack.push({ value: member, path: childPath(path, key), depth: depth + 1, ...(failedKey.length > 0 ? { keyProblems: failedKey } : {}) });
    }
  }
  return { problems, tooDeep };
}

/** Problems as API answers word them, each message a sentence naming its field. */
export function asFieldSentences(problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map(({ field, messages }) => ({ field, messages: messages.map((message) => `${field} ${message}`) }));
}
