import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidationProblem } from '../errors/problem.exception.js';
import type { FieldProblem } from '../errors/problem-details.js';

/** Flattens class-validator's tree into one entry per offending field, with dotted paths. */
export function toFieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {});
    const nested = toFieldProblems(error.children ?? [], field);
    return own.length > 0 ? [{ field, messages: own }, ...nested] : nested;
  });
}

/** Dotted paths of every string in `value` that contains a NUL character. */
export function fieldsWithNul(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path || 'value'] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => fieldsWithNul(item, path ? `${path}.${index}` : String(index)));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => fieldsWithNul(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/**
 * Class-validator's checks plus one no DTO can forget: no NUL characters anywhere. PostgreSQL
 * cannot store them in text, so they would otherwise surface as a 500 from the database.
 */
class FicusValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const withNul = metadata.type === 'custom' ? [] : fieldsWithNul(value);
    const nul: FieldProblem[] = withNul.map((field) => ({ field, messages: [`${field} must not contain NUL characters`] }));
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (error) {
      // One answer lists every offending field, whichever check found it.
      if (!(error instanceof ValidationProblem) || nul.length === 0) throw error;
      const known = new Set(error.errors?.map((problem) => problem.field));
      throw new ValidationProblem([...(error.errors ?? []), ...nul.filter((problem) => !known.has(problem.field))]);
    }
    if (nul.length > 0) throw new ValidationProblem(nul);
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
