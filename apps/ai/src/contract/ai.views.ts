import { ApiProperty, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { trimmed } from '../../../../libs/common/src/contracts/normalize.js';
import { CreateTodoRequest } from '../../../todos/src/contract/todos.requests.js';
import { TodoView } from '../../../todos/src/contract/todos.views.js';

/** Who produced an answer: a language model, or the built-in rules (deterministic, not an LLM). */
export const AI_GENERATORS = ['llm', 'rules'] as const;
export type AiGenerator = (typeof AI_GENERATORS)[number];

/** Most subtasks one breakdown suggests, and most steps one plan names. */
export const MAX_SUGGESTIONS = 7;
export const MAX_PLAN_STEPS = 10;
export const RATIONALE_MAX_LENGTH = 300;
export const SUMMARY_MAX_LENGTH = 1000;

/**
 * One suggested subtask. Its title passes exactly the validation of a todo's title (it is
 * created as one with `apply`), whoever produced it; suggestions that fail it are never shown.
 */
export class SubtaskSuggestion extends PickType(CreateTodoRequest, ['title'] as const) {
  @ApiProperty({ example: 'Collect the numbers from finance', maxLength: RATIONALE_MAX_LENGTH })
  @Transform(trimmed)
  @IsString()
  @Length(1, RATIONALE_MAX_LENGTH)
  @Matches(/\S/, { message: 'rationale must not be blank' })
  rationale!: string;
}

/** What every AI answer says about where it came from. */
export class AiAnswer {
  @ApiProperty({ enum: AI_GENERATORS, description: '`llm`: a language model; `rules`: the built-in deterministic helper (not an LLM).' })
  generatedBy!: AiGenerator;

  @ApiProperty({ nullable: true, type: String, example: 'llama3.2', description: 'The model that answered; null for `rules`.' })
  model!: string | null;

  @ApiProperty({ description: 'true when the model was unavailable and the rules helper answered instead (also header `X-Ficus-Degraded: rules`).' })
  degraded!: boolean;
}

/** Suggested subtasks for one todo, and the subtasks created from them with `apply`. */
export class BreakdownResult extends AiAnswer {
  @ApiProperty({ format: 'uuid' })
  todoId!: string;

  @ApiProperty({ type: [SubtaskSuggestion], maxItems: MAX_SUGGESTIONS })
  suggestions!: SubtaskSuggestion[];

  @ApiProperty({ type: [TodoView], description: 'The subtasks created (with `apply: true`), in suggestion order; empty otherwise.' })
  created!: TodoView[];
}

/** One step of a plan: which open todo, and why now. */
export class PlanStep {
  @ApiProperty({ format: 'uuid' })
  todoId!: string;

  @ApiProperty({ example: 'Write the quarterly report', description: "The todo's own title (never model text)." })
  title!: string;

  @ApiProperty({ example: 'Overdue since 2026-11-20, and others wait for it.', maxLength: RATIONALE_MAX_LENGTH })
  reason!: string;
}

/** A short plan for the caller's open todos: what to do first, and why. */
export class SummaryResult extends AiAnswer {
  @ApiProperty({ example: 'Two todos are overdue; clear them before starting new work.', maxLength: SUMMARY_MAX_LENGTH })
  summary!: string;

  @ApiProperty({ type: [PlanStep], maxItems: MAX_PLAN_STEPS, description: 'In the suggested order.' })
  steps!: PlanStep[];

  @ApiProperty({ example: 12, description: 'Open todos the plan was made from.' })
  openTodos!: number;

  @ApiProperty({ description: 'true when the caller has more open todos than one plan considers (AI_MAX_TODOS).' })
  truncated!: boolean;
}
