import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Passwords are never trimmed or truncated; 128 is the documented maximum (ASVS allows ≥ 64). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * A password's length as NIST SP 800-63B counts it: Unicode code points. UTF-16 units would
 * count an emoji twice; class-validator's `@Length` counts a variation selector (U+FE0F) as
 * nothing. The request check and the password policy both count with this.
 */
export function passwordLength(password: string): number {
  let codePoints = 0;
  for (const _ of password) codePoints += 1;
  return codePoints;
}

/** The value is a string of `min` to `max` code points (see passwordLength). */
export function PasswordLength(min: number, max = PASSWORD_MAX_LENGTH, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'passwordLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const length = passwordLength(value);
          return length >= min && length <= max;
        },
        defaultMessage: (args) => `${args?.property ?? 'value'} must be ${min} to ${max} characters long`,
      },
    },
    options,
  );
}
