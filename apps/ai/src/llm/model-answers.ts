import { trimmed } from '@ficus/common';
import { MAX_PLAN_STEPS, MAX_SUGGESTIONS, RATIONALE_MAX_LENGTH, SUMMARY_MAX_LENGTH, SubtaskSuggestion } from '@ficus/contracts/ai';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches, ValidateNested } from 'class-validator';

/**
 * The JSON a model must answer a breakdown with. Each subtask is a `SubtaskSuggestion`, whose
 * title carries the very rules of a todo title, so nothing `apply` could not create is shown.
 */
export class BreakdownAnswer {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SUGGESTIONS)
  @ValidateNested({ each: true })
  @Type(() => SubtaskSuggestion)
  subtasks!: SubtaskSuggestion[];
}

/** One step of a model's plan: a todo reference from the prompt and why it comes now. */
export class PlanStepAnswer {
  @IsString()
  @Matches(/^t\d{1,3}$/, { message: 'ref must be one of the refs given (t1, t2, …)' })
  ref!: string;

  @Transform(trimmed)
  @IsString()
  @Length(1, RATIONALE_MAX_LENGTH)
  reason!: string;
}

/** The JSON a model must answer a plan with. */
export class PlanAnswer {
  @Transform(trimmed)
  @IsString()
  @Length(1, SUMMARY_MAX_LENGTH)
  summary!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PLAN_STEPS)
  @ValidateNested({ each: true })
  @Type(() => PlanStepAnswer)
  steps!: PlanStepAnswer[];
}
