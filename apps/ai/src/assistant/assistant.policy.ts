import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, type CallContext } from '@ficus/common';
import { type AiGenerator } from '@ficus/contracts/ai';
import { BulkheadRejectedError, CircuitOpenError, ResilienceRegistry, TimeoutError, UpstreamError, classifyFailure } from '@ficus/resilience';
import { PinoLogger } from 'nestjs-pino';
import { AiMetrics, type FallbackReason } from '../ai.metrics.js';
import { LLM_DEPENDENCY } from '../llm/llm-dependency.js';
import { RulesAssistant } from '../rules/rules-assistant.js';
import { ASSISTANT, type AnswerSink, type Assistant, type TokenSink } from './assistant.js';

/** An answer and who produced it, as every AI view reports it. */
export interface Generated<T> {
  value: T;
  generatedBy: AiGenerator;
  model: string | null;
  degraded: boolean;
}

/** How an answer is run: where its text goes while it is written (streams), and when the client has gone. */
export interface AnswerStreaming {
  onText?: AnswerSink;
  /** Stops the work early: the client has gone. */
  cancel?: AbortSignal;
}

/** Part of the request's budget kept back so that a fallback answer still arrives in time. */
const MAX_RESERVE_MS = 2000;

/** Whether a failure means the model is unavailable (→ fallback), and why; not the caller's mistakes. */
function unavailability(error: unknown): FallbackReason | undefined {
  if (error instanceof CircuitOpenError) return 'circuit_open';
  if (error instanceof BulkheadRejectedError) return 'busy';
  if (error instanceof TimeoutError) return 'timeout';
  // A 4xx from the model API (bad key, unknown model, unsupported option) is a misconfiguration:
  // it must surface as 502, not hide behind rules answers.
  if (error instanceof UpstreamError && classifyFailure(error) !== 'caller') return 'upstream';
  return undefined;
}

/** An AbortSignal that fires with a TimeoutError shortly before the call's deadline. */
function modelBudget(deadline: number): { signal: AbortSignal; dispose: () => void } {
  const remaining = deadline - Date.now();
  const budgetMs = Math.max(0, remaining - Math.min(MAX_RESERVE_MS, Math.floor(remaining / 10)));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(budgetMs, 'the AI request')), budgetMs);
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/**
 * Runs a task on the configured assistant within the request's budget. When the model is
 * unavailable (breaker open, bulkhead full, timed out, 5xx/429/unreachable after retries) and
 * `AI_FALLBACK_ENABLED` is on, the rules helper answers instead, marked `degraded`; otherwise
 * the failure propagates (503 with Retry-After, 504, 502). Invalid answers never fall back.
 */
@Injectable()
export class AssistantPolicy {
  constructor(
    @Inject(ASSISTANT) private readonly assistant: Assistant,
    private readonly rules: RulesAssistant,
    private readonly config: AppConfig,
    private readonly metrics: AiMetrics,
    private readonly resilience: ResilienceRegistry,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AssistantPolicy.name);
  }

  /**
   * `task` gets the assistant to ask, the signal that ends its work, and (when streaming) where
   * its text goes; the fallback's text is passed on marked `degraded`.
   */
  async run<T>(
    call: CallContext,
    task: (assistant: Assistant, signal: AbortSignal, onToken?: TokenSink) => Promise<T>,
    { onText, cancel }: AnswerStreaming = {},
  ): Promise<Generated<T>> {
    const budget = modelBudget(call.deadline);
    const signal = cancel ? AbortSignal.any([budget.signal, cancel]) : budget.signal;
    const tokens = (degraded: boolean): TokenSink | undefined => (onText ? (text) => onText(text, degraded) : undefined);
    try {
      const value = await task(this.assistant, signal, tokens(false));
      return { value, generatedBy: this.assistant.generator, model: this.assistant.model, degraded: false };
    } catch (error) {
      const reason = unavailability(error);
      if (this.assistant === this.rules || !this.config.AI_FALLBACK_ENABLED || reason === undefined) throw error;
      this.metrics.countFallback(reason);
      // The model's breaker metrics count the fallback too, as for fallbacks served by the policy itself.
      this.resilience.countFallback(LLM_DEPENDENCY);
      this.logger.warn({ err: error, reason, requestId: call.requestId }, 'Model unavailable; the rules helper answers (degraded)');
      const value = await task(this.rules, signal, tokens(true));
      return { value, generatedBy: this.rules.generator, model: null, degraded: true };
    } finally {
      budget.dispose();
    }
  }
}
