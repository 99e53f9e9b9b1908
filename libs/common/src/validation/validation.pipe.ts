import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

/**
 * The global pipe: strips nothing silently — unknown properties are an error — and turns
 * payloads into their DTO classes so handlers get typed, validated input.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(toFieldProblems(errors)),
  });
}
