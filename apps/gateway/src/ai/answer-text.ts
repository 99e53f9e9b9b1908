import type { BreakdownResult, SummaryResult } from '@ficus/common';

/** A breakdown as a person would read it: the numbered suggestions and what was created. */
export function breakdownText(result: BreakdownResult): string {
  if (result.suggestions.length === 0) return 'No new subtasks to suggest.';
  const lines = result.suggestions.map((suggestion, index) => `${index + 1}. ${suggestion.title} — ${suggestion.rationale}`);
  const created = result.created.length > 0 ? `\n\nCreated ${result.created.length} subtask${result.created.length === 1 ? '' : 's'}.` : '';
  return `${lines.join('\n')}${created}`;
}

/** A plan as a person would read it: the advice, then the todos in order with their reasons. */
export function summaryText(result: SummaryResult): string {
  const steps = result.steps.map((step, index) => `${index + 1}. ${step.title} — ${step.reason}`);
  return steps.length > 0 ? `${result.summary}\n\n${steps.join('\n')}` : result.summary;
}
