import { Injectable } from '@nestjs/common';
import { MAX_SUGGESTIONS } from '@ficus/common';
import type { Assistant, BreakdownInput, PlanDraft, PlanInput, SuggestionDraft } from '../assistant/assistant.js';
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

  async suggestSubtasks(input: BreakdownInput): Promise<SuggestionDraft[]> {
    return subtasksByRules(input, MAX_SUGGESTIONS);
  }

  async planTodos(input: PlanInput): Promise<PlanDraft> {
    return planByRules(input);
  }
}
