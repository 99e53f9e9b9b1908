import { Injectable } from '@nestjs/common';
import { MAX_SUGGESTIONS } from '@ficus/contracts/ai';
import type { Assistant, BreakdownInput, PlanDraft, PlanInput, SuggestionDraft, TokenSink } from '../assistant/assistant.js';
import { planByRules } from './plan-rules.js';
import { subtasksByRules } from './subtask-rules.js';

/**
 * The built-in helper: fixed rules over the todo's own fields, no network, no model — the
 * default for `npm start` and the fallback when the model is unavailable. Named `rules` in
 * every answer (`generatedBy`), never presented as an LLM.
 */
@Injectable()
export class RulesAssistant implements Assistant {
  readonly generator = 'rules' as const;
  readonly model = null;

  async suggestSubtasks(input: BreakdownInput, _signal?: AbortSignal, onToken?: TokenSink): Promise<SuggestionDraft[]> {
    const subtasks = subtasksByRules(input, MAX_SUGGESTIONS);
    if (onToken) inPieces(JSON.stringify({ subtasks }), onToken);
    return subtasks;
  }

  async planTodos(input: PlanInput, _signal?: AbortSignal, onToken?: TokenSink): Promise<PlanDraft> {
    const plan = planByRules(input);
    if (onToken) inPieces(JSON.stringify(plan), onToken);
    return plan;
  }
}

/**
 * The answer as a model would write it (the same JSON shape), in word-sized pieces: a stream
 * looks the same whichever assistant answers, also when the rules stand in for the model.
 */
function inPieces(text: string, onToken: TokenSink): void {
  for (const piece of text.match(/\S+\s*|\s+/g) ?? []) onToken(piece);
}
