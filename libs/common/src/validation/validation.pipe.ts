import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidationProblem } from '../errors/problem.exception.js';
import type { FieldProblem } from '../errors/problem-details.js';
import { asFieldSentences, scanInput, type TextRule } from './input-scan.js';

/** Flattens class-validator's tree into one entry per offending field, with dotted paths. */
export function toFieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {});
    const nested = toFieldProblems(error.children ?? [], field);
    return own.length > 0 ? [{ field, messages: own }, ...nested] : nested;
  });
}

/** PostgreSQL cannot store NUL in text: it would surface as a 500 from the database. */
export const WITHOUT_NUL: TextRule = (text) => (text.includes('\u0000') ? 'must not contain NUL characters' : undefined);

/**
 * A lone surrogate (`"\ud800"` in JSON) has no UTF-8 form: the database would store U+FFFD
 * instead, silently changing what the client sent.
 */
export const WELL_FORMED: TextRule = (text) => (text.isWellFormed() ? undefined : 'must be valid Unicode text (it holds a lone surrogate)');

/** What every text of every input must be, whatever the DTO says. */
export const TEXT_RULES: readonly TextRule[] = [WITHOUT_NUL, WELL_FORMED];

/**
 * Class-validator's checks plus what no DTO can forget: text the database stores as sent (no
 * NUL, no lone surrogates), and nesting within MAX_INPUT_DEPTH — checked without recursion
 * before class-transformer and class-validator, which recurse, walk the input.
 */
class FicusValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const scan = scanInput(value, TEXT_RULES, { root: metadata.data });
    const own = asFieldSentences(scan.problems);
    if (scan.tooDeep) throw new ValidationProblem(own);
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (error) {
      // One answer lists every offending field, whichever check found it.
      if (!(error instanceof ValidationProblem) || own.length === 0) throw error;
      const known = new Set(error.errors?.map((problem) => problem.field));
      throw new ValidationProblem([...(error.errors ?? []), ...own.filter((problem) => !known.has(problem.field))]);
    }
    if (own.length > 0) throw new ValidationProblem(own);
    return result;
  }
}

/**
 * The global pipe: strips nothing silently — unknown properties are an error — and turns
 * payloads into their DTO classes so handlers get typed, validated input.
 */
export function createValidationPipe(): ValidationPipe {
  return new FicusValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(toFieldProblems(errors)),
  });
}
