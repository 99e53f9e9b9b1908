import type { TodoPriority } from '@ficus/contracts/todos';
import type { AiGenerator } from '@ficus/contracts/ai';

/** What an assistant knows of one todo: the user's own text, already cut to the input budget. */
export interface TodoFacts {
  title: string;
  description: string | null;
  dueAt: string | null;
  priority: TodoPriority;
  tags: string[];
}

/** A todo to split, and the titles of the subtasks it already has (not to be suggested again). */
export interface BreakdownInput {
  todo: TodoFacts;
  existingSubtasks: string[];
}

/** Open todos to plan, each under a short reference (`t1`, `t2`, …) the answer must use. */
export interface PlanInput {
  todos: (TodoFacts & { ref: string; createdAt: string })[];
  /** The current time (ISO), so that "overdue" and "due soon" mean the same to every assistant. */
  now: string;
}

/** A suggested subtask before it is shown: validated like a todo title, plus a reason. */
export interface SuggestionDraft {
  title: string;
  rationale: string;
}

/** A plan as an assistant drafts it: references into {@link PlanInput.todos}, in order. */
export interface PlanDraft {
  summary: string;
  steps: { ref: string; reason: string }[];
}

/** Receives the answer's text as the assistant produces it (before it is validated). */
export type TokenSink = (text: string) => void;

/** Receives a streamed answer's text, and whether it is the rules fallback's (`degraded`). */
export type AnswerSink = (text: string, degraded: boolean) => void;

/**
 * The port every answer comes through. Adapters: the rules helper (deterministic, no
 * network) and the language model behind an OpenAI-compatible API. Both return answers that
 * passed the same validation. `signal` aborts the work when the request's budget runs out;
 * `onToken`, when given, sees the answer's text while it is written (raw, unvalidated).
 */
export interface Assistant {
  readonly generator: AiGenerator;
  /** The model answering, or null for the rules helper. */
  readonly model: string | null;
  suggestSubtasks(input: BreakdownInput, signal: AbortSignal, onToken?: TokenSink): Promise<SuggestionDraft[]>;
  planTodos(input: PlanInput, signal: AbortSignal, onToken?: TokenSink): Promise<PlanDraft>;
}

/** How many todos a plan names first, whichever assistant makes it. */
export const PLAN_STEPS = 5;

/** Injection token of the configured assistant (`AI_PROVIDER`). */
export const ASSISTANT = Symbol('ASSISTANT');
