import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { AuthSettings } from './auth.settings.js';

/** One day in seconds, for readable bounds. */
const DAY_S = 86_400;

/** Settings of the todos context, read by whichever process hosts it. */
export class TodosSettings extends AuthSettings {
  /** Todos (subtasks included) one user may have; creating one more answers 409 `todos.limit_reached`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  TODOS_MAX_PER_USER = 10_000;

  /** How long an Idempotency-Key of a create is remembered and replayed (default 24 hours). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(30 * DAY_S)
  TODOS_IDEMPOTENCY_TTL_S = DAY_S;

  /** How often expired idempotency keys are deleted, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(7 * DAY_S)
  TODOS_CLEANUP_INTERVAL_S = 3600;
}
