import { ProblemException } from '@ficus/common';
import { AI_ERRORS } from '@ficus/contracts/ai';
import type { ResilienceRegistry } from '@ficus/resilience';
import type { ClassConstructor } from 'class-transformer';
import type { PinoLogger } from 'nestjs-pino';
import type { AiMetrics } from '../ai.metrics.js';
import type { Assistant, BreakdownInput, PlanDraft, PlanInput, SuggestionDraft, TokenSink } from '../assistant/assistant.js';
import { BREAKDOWN_SCHEMA, PLAN_SCHEMA } from './answer-schemas.js';
import type { ChatCompletionsClient } from './chat-completions.client.js';
import type { ChatAnswer, ChatRequest } from './chat-types.js';
import { LLM_DEPENDENCY } from './llm-dependency.js';
import { BreakdownAnswer, PlanAnswer } from './model-answers.js';
import { parseModelAnswer } from './parse-answer.js';
import { breakdownMessages, planMessages, repairMessages } from './prompts.js';

/** Plan references must name todos that were sent, each at most once. */
function planReferenceProblems(input: PlanInput): (answer: PlanAnswer) => string[] {
  const sent = new Set(input.todos.map((todo) => todo.ref));
  return (answer) => {
    const refs = answer.steps.map((step) => step.ref);
    const unknown = refs.filter((ref) => !sent.has(ref));
    const repeated = refs.filter((ref, index) => refs.indexOf(ref) !== index);
    return [
      ...(unknown.length > 0 ? [`steps name refs that were not given: ${[...new Set(unknown)].join(', ')}`] : []),
      ...(repeated.length > 0 ? [`steps name a ref more than once: ${[...new Set(repeated)].join(', ')}`] : []),
    ];
  };
}

/**
 * The language model behind an OpenAI-compatible API. Every request goes through the `llm`
 * policy (bulkhead, breaker, retries, timeout). Answers are untrusted: parsed and validated;
 * a failing answer gets one repair request saying what was wrong, then 502 `ai.invalid_output`.
 */
export class LlmAssistant implements Assistant {
  readonly generator = 'llm' as const;

  constructor(
    private readonly client: ChatCompletionsClient,
    private readonly resilience: ResilienceRegistry,
    private readonly metrics: AiMetrics,
    private readonly logger: PinoLogger,
  ) {}

  get model(): string {
    return this.client.model;
  }

  async suggestSubtasks(input: BreakdownInput, signal: AbortSignal, onToken?: TokenSink): Promise<SuggestionDraft[]> {
    const request = { messages: breakdownMessages(input), schemaName: 'subtask_suggestions', schema: BREAKDOWN_SCHEMA };
    const answer = await this.ask('breakdown', request, BreakdownAnswer, () => [], signal, onToken);
    return answer.subtasks.map(({ title, rationale }) => ({ title, rationale }));
  }

  async planTodos(input: PlanInput, signal: AbortSignal, onToken?: TokenSink): Promise<PlanDraft> {
    const request = { messages: planMessages(input), schemaName: 'todo_plan', schema: PLAN_SCHEMA };
    const answer = await this.ask('summary', request, PlanAnswer, planReferenceProblems(input), signal, onToken);
    return { summary: answer.summary, steps: answer.steps.map(({ ref, reason }) => ({ ref, reason })) };
  }

  private async ask<T extends object>(
    operation: string,
    request: ChatRequest,
    schema: ClassConstructor<T>,
    check: (answer: T) => string[],
    signal: AbortSignal,
    onToken?: TokenSink,
  ): Promise<T> {
    // Tokens of every attempt and of the repair request are passed on as they come: they are
    // progress, not the answer, which is only what passes validation below.
    const first = await this.complete(operation, request, signal, onToken);
    const parsed = parseModelAnswer(first.content, schema, check);
    if (parsed.ok) return parsed.value;
    this.logger.warn({ operation, problems: parsed.problems, finishReason: first.finishReason }, 'Model answer rejected; asking once for a repair');
    const second = await this.complete(operation, { ...request, messages: repairMessages(request.messages, first.content, parsed.problems) }, signal, onToken);
    const repaired = parseModelAnswer(second.content, schema, check);
    if (repaired.ok) return repaired.value;
    this.logger.warn({ operation, problems: repaired.problems, finishReason: second.finishReason }, 'Repaired model answer rejected too');
    throw new ProblemException({
      status: 502,
      type: 'ai-invalid-output',
      code: AI_ERRORS.invalidOutput,
      detail: 'The model did not answer in the expected format; try again.',
    });
  }

  private async complete(operation: string, request: ChatRequest, signal: AbortSignal, onToken?: TokenSink): Promise<ChatAnswer> {
    const answer = await this.resilience.call(
      LLM_DEPENDENCY,
      (attemptSignal) => this.metrics.timeUpstream(operation, () => this.client.complete(request, attemptSignal, onToken)),
      { signal },
    );
    this.metrics.countTokens(this.model, answer.usage);
    return answer;
  }
}
