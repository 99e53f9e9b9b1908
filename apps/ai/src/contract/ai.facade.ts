import type { Observable } from 'rxjs';
import type { CallContext, EmptyRequest, FacadePatterns } from '../../../../libs/common/src/contracts/call-context.js';
import type { BreakdownCommand } from './ai.requests.js';
import type { AiStreamEvent } from './ai.stream.js';
import type { BreakdownResult, SummaryResult } from './ai.views.js';

/** Injection token of the ai facade; the adapter behind it is chosen by `AI_TRANSPORT`. */
export const AI_FACADE = Symbol('AI_FACADE');

/**
 * The ai context's contract: help with the caller's todos (required: 401 without), read and
 * written only through the todos facade. The plain methods resolve with the complete, validated
 * answer; the `…Stream` variants emit the answer's text as it is produced, then that same
 * answer (see AiStreamEvent). When the model is unavailable and the fallback is on, the rules
 * helper answers with `degraded: true`.
 */
export interface AiFacade {
  /** Suggests subtasks for one of the caller's todos; with `apply`, creates them as its subtasks. */
  breakdown(input: BreakdownCommand, call: CallContext): Promise<BreakdownResult>;
  /** A short plan for the caller's open todos: what to do first, and why. */
  summary(input: EmptyRequest, call: CallContext): Promise<SummaryResult>;
  /** `breakdown`, streamed: token events while the assistant answers, then the result. */
  breakdownStream(input: BreakdownCommand, call: CallContext): Observable<AiStreamEvent<BreakdownResult>>;
  /** `summary`, streamed: token events while the assistant answers, then the result. */
  summaryStream(input: EmptyRequest, call: CallContext): Observable<AiStreamEvent<SummaryResult>>;
}

/** Message pattern per facade method; the ai app's message controller serves exactly these. */
export const AI_PATTERNS: FacadePatterns<AiFacade> = {
  breakdown: 'ai.todos.breakdown',
  summary: 'ai.todos.summary',
  breakdownStream: 'ai.todos.breakdown.stream',
  summaryStream: 'ai.todos.summary.stream',
};

/** The facade methods whose replies are streams (several signed messages per call). */
export const AI_STREAMING_METHODS: { readonly [K in keyof AiFacade]?: true } = { breakdownStream: true, summaryStream: true };
