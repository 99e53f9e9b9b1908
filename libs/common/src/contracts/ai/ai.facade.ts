import type { CallContext, EmptyRequest, FacadePatterns } from '../call-context.js';
import type { BreakdownCommand } from './ai.requests.js';
import type { BreakdownResult, SummaryResult } from './ai.views.js';

/** Injection token of the ai facade; the adapter behind it is chosen by `AI_TRANSPORT`. */
export const AI_FACADE = Symbol('AI_FACADE');

/**
 * The ai context's contract: help with the caller's todos (required: 401 without), read and
 * written only through the todos facade. Each method resolves with the complete, validated
 * answer; streaming to clients is the edge's business. When the model is unavailable and the
 * fallback is on, the rules helper answers with `degraded: true`.
 */
export interface AiFacade {
  /** Suggests subtasks for one of the caller's todos; with `apply`, creates them as its subtasks. */
  breakdown(input: BreakdownCommand, call: CallContext): Promise<BreakdownResult>;
  /** A short plan for the caller's open todos: what to do first, and why. */
  summary(input: EmptyRequest, call: CallContext): Promise<SummaryResult>;
}

/** Message pattern per facade method; the ai app's message controller serves exactly these. */
export const AI_PATTERNS: FacadePatterns<AiFacade> = {
  breakdown: 'ai.todos.breakdown',
  summary: 'ai.todos.summary',
};
