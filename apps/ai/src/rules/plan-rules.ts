import { PLAN_STEPS, type PlanDraft, type PlanInput } from '../assistant/assistant.js';

type PlannedTodo = PlanInput['todos'][number];

const DAY_MS = 86_400_000;
const PRIORITY_RANK = { high: 0, medium: 1, low: 2 } as const;

const day = (iso: string): string => iso.slice(0, 10);
const due = (todo: PlannedTodo): number => (todo.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(todo.dueAt));

/** Urgency bands, most urgent first: overdue, due within 2 days, high priority, due within a week, the rest. */
function band(todo: PlannedTodo, now: number): number {
  const dueAt = due(todo);
  if (dueAt < now) return 0;
  if (dueAt - now <= 2 * DAY_MS) return 1;
  if (todo.priority === 'high') return 2;
  if (dueAt - now <= 7 * DAY_MS) return 3;
  return 4;
}

function reason(todo: PlannedTodo, now: number): string {
  switch (band(todo, now)) {
    case 0:
      return `Overdue since ${day(todo.dueAt ?? '')}.`;
    case 1:
      return `Due ${day(todo.dueAt ?? '')}, within two days.`;
    case 2:
      return todo.dueAt === null ? 'High priority.' : `High priority, due ${day(todo.dueAt)}.`;
    case 3:
      return `Due ${day(todo.dueAt ?? '')}, this week.`;
    default:
      return `Open since ${day(todo.createdAt)}, ${todo.priority} priority.`;
  }
}

const quoted = (title: string): string => `“${title.length <= 80 ? title : `${title.slice(0, 79)}…`}”`;

/**
 * A deterministic plan: the most urgent todos first (overdue, due within two days, high
 * priority, due this week, then the rest), ties broken by due date, priority and age.
 */
export function planByRules(input: PlanInput): PlanDraft {
  const now = Date.parse(input.now);
  const ordered = input.todos.toSorted(
    (a, b) =>
      band(a, now) - band(b, now) ||
      due(a) - due(b) ||
      PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
      Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
      a.ref.localeCompare(b.ref),
  );
  const steps = ordered.slice(0, PLAN_STEPS).map((todo) => ({ ref: todo.ref, reason: reason(todo, now) }));
  const overdue = input.todos.filter((todo) => band(todo, now) === 0).length;
  const [first] = ordered;
  const count = `${input.todos.length} open todo${input.todos.length === 1 ? '' : 's'}${overdue > 0 ? `, ${overdue} overdue` : ''}.`;
  const summary = first ? `${count} Start with ${quoted(first.title)}: ${reason(first, now).toLowerCase()}` : 'Nothing is open.';
  return { summary, steps };
}
