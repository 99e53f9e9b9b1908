import type { BreakdownInput, SuggestionDraft } from '../assistant/assistant.js';

/** One kind of task the rules recognise, and the steps that usually complete it. */
interface Playbook {
  matches: RegExp;
  steps: (subject: string) => SuggestionDraft[];
}

// A bullet, a number or a checkbox at the start of a line: the user already listed the steps.
const LIST_ITEM = /^\s*(?:[-*•+]|\d{1,2}[.)]|\[[ xX]\])\s+(\S.*)$/;
const TITLE_MAX = 200;
const SUBJECT_MAX = 80;

const PLAYBOOKS: Playbook[] = [
  {
    matches: /\b(write|draft|report|document|article|blog|essay|proposal|presentation|slides|summary)\b/i,
    steps: (subject) => [
      { title: `Outline the key points of “${subject}”`, rationale: 'An outline makes writing faster and keeps it focused.' },
      { title: 'Write a rough first draft', rationale: 'Getting words down first; polishing comes later.' },
      { title: 'Review and polish the draft', rationale: 'A second pass catches mistakes and gaps.' },
      { title: `Share “${subject}” and collect feedback`, rationale: 'Readers spot what the author misses.' },
    ],
  },
  {
    matches: /\b(fix|bug|debug|repair|broken|crash|error|failing)\b/i,
    steps: () => [
      { title: 'Reproduce the problem reliably', rationale: 'A problem you can trigger at will is one you can verify as fixed.' },
      { title: 'Find the root cause', rationale: 'Fixing the cause, not the symptom, keeps it from coming back.' },
      { title: 'Fix it and verify the fix', rationale: 'Proves the change works before calling it done.' },
    ],
  },
  {
    matches: /\b(buy|order|shop|shopping|purchase|groceries)\b/i,
    steps: () => [
      { title: 'List exactly what to get', rationale: 'A list avoids a second trip.' },
      { title: 'Compare options and prices', rationale: 'A few minutes of comparison often saves money.' },
      { title: 'Buy or order it', rationale: 'The step that completes the task.' },
    ],
  },
  {
    matches: /\b(call|phone|email|e-mail|meet|meeting|contact|ask|talk|reply)\b/i,
    steps: () => [
      { title: 'Note what you need from the conversation', rationale: 'A clear goal keeps the exchange short.' },
      { title: 'Reach out', rationale: 'The step that starts it.' },
      { title: 'Write down the outcome and next steps', rationale: 'Agreements are easy to forget.' },
    ],
  },
  {
    matches: /\b(plan|organi[sz]e|prepare|event|trip|travel|party|move|moving)\b/i,
    steps: (subject) => [
      { title: `Decide the goal and date of “${subject}”`, rationale: 'Everything else depends on them.' },
      { title: 'List what needs doing and by whom', rationale: 'Makes the work visible and shareable.' },
      { title: 'Book or buy what is needed', rationale: 'Bookings are the parts that run out.' },
      { title: 'Confirm the details a few days before', rationale: 'Leaves time to fix surprises.' },
    ],
  },
  {
    matches: /\b(learn|study|read|course|practi[cs]e|exam)\b/i,
    steps: () => [
      { title: 'Pick the material to use', rationale: 'Choosing once avoids switching sources.' },
      { title: 'Block regular time for it in your calendar', rationale: 'Short regular sessions beat one long one.' },
      { title: 'Summarise what you learned', rationale: 'Explaining it shows what is still unclear.' },
    ],
  },
];

const GENERIC: Playbook['steps'] = (subject) => [
  { title: `Define what done looks like for “${subject}”`, rationale: 'A clear finish line keeps the task from growing.' },
  { title: 'Do the first concrete step', rationale: 'Starting small builds momentum.' },
  { title: 'Check the result and close the todo', rationale: 'Confirms nothing was missed.' },
];

function cut(text: string, max: number): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length <= max ? single : `${single.slice(0, max - 1).trimEnd()}…`;
}

/** Steps the user already wrote as a list in the description, in their order. */
function listedSteps(description: string | null): SuggestionDraft[] {
  return (description ?? '')
    .split(/\r?\n/)
    .map((line) => LIST_ITEM.exec(line)?.[1])
    .filter((item): item is string => item !== undefined)
    .map((item) => ({ title: cut(item, TITLE_MAX), rationale: "Listed in the todo's description." }));
}

/**
 * Deterministic subtasks for a todo: the steps listed in its description if it has any, else
 * the playbook of the first kind of task its title names, else generic steps. Subtasks the
 * todo already has are left out; at most `max` are returned.
 */
export function subtasksByRules(input: BreakdownInput, max: number): SuggestionDraft[] {
  const subject = cut(input.todo.title, SUBJECT_MAX);
  const listed = listedSteps(input.todo.description);
  const playbook = PLAYBOOKS.find((candidate) => candidate.matches.test(input.todo.title));
  const drafts = listed.length > 0 ? listed : (playbook?.steps ?? GENERIC)(subject);
  const seen = new Set(input.existingSubtasks.map((title) => title.trim().toLowerCase()));
  return drafts
    .filter((draft) => {
      const key = draft.title.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, max);
}
