import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * RFC 3339 date-times only (`2026-12-01T17:00:00Z`, `…+01:00`, fractions allowed). ISO 8601
 * also admits week dates (`2026-W01`) and signed years, which JavaScript's Date cannot read —
 * they passed validation and failed later as a 500.
 */
const RFC3339 = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

/** The value is an RFC 3339 date-time naming a real instant (no 31 February). */
export function IsDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && RFC3339.test(value) && isRealDate(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an RFC 3339 date-time such as 2026-12-01T17:00:00Z`,
      },
    },
    options,
  );
}

function isRealDate(value: string): boolean {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return false;
  // Date rolls 2026-02-31 over into March; the calendar day must survive the round trip.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const offsetMatch = /([+-])(\d\d):(\d\d)$/.exec(value);
  const offsetMinutes = offsetMatch ? (offsetMatch[1] === '-' ? -1 : 1) * (Number(offsetMatch[2]) * 60 + Number(offsetMatch[3])) : 0;
  const local = new Date(parsed.getTime() + offsetMinutes * 60_000);
  return local.getUTCFullYear() === year && local.getUTCMonth() + 1 === month && local.getUTCDate() === day;
}
