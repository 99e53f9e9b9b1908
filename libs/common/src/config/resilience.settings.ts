import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { TodosSettings } from './todos.settings.js';

/**
 * Circuit breakers in front of remote contexts (`context:<name>` in `/ready` details). Only
 * transport failures (503 `context.unavailable`, 504 `context.timeout`) count; a short reset
 * keeps recovery after a restart quick.
 */
export class ResilienceSettings extends TodosSettings {
  /** Share of failed calls to a remote context, in percent, above which its breaker opens. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  CONTEXT_BREAKER_ERROR_THRESHOLD_PERCENT = 50;

  /** Calls to a remote context within 10 s before its breaker may open at all. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  CONTEXT_BREAKER_VOLUME_THRESHOLD = 10;

  /** How long an open breaker answers 503 at once before letting one trial call through. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  CONTEXT_BREAKER_RESET_TIMEOUT_MS = 5000;
}
