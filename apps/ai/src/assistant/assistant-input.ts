import type { TodoView } from '@ficus/contracts/todos';
import type { BreakdownInput, PlanInput, TodoFacts } from './assistant.js';

/** Existing subtasks named to the assistant (so it does not repeat them). */
const MAX_EXISTING_SUBTASKS = 20;
/** A plan needs the gist of each todo, not its whole description. */
const PLAN_DESCRIPTION_CHARS = 160;

function cut(text: string | null, max: number): string | null {
  if (text === null || max <= 0) return null;
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function facts(todo: TodoView, descriptionChars: number): TodoFacts {
  return { title: todo.title, description: cut(todo.description, descriptionChars), dueAt: todo.dueAt, priority: todo.priority, tags: todo.tags };
}

/**
 * What a breakdown sends: the todo with its description cut so that title, description and
 * existing subtask titles stay within `maxChars` (AI_MAX_INPUT_CHARS).
 */
export function breakdownInput(todo: TodoView, subtasks: TodoView[], maxChars: number): BreakdownInput {
  const existingSubtasks = subtasks.slice(0, MAX_EXISTING_SUBTASKS).map((subtask) => subtask.title);
  const used = todo.title.length + existingSubtasks.reduce((sum, title) => sum + title.length, 0) + todo.tags.join('').length;
  return { todo: facts(todo, maxChars - used), existingSubtasks };
}

/**
 * What a plan sends: the open todos in the given order under refs `t1`, `t2`, …, as many as
 * fit in `maxChars` of JSON (at least one). `sent` maps refs back: `t<n>` is `sent[n - 1]`.
 */
export function planInput(todos: TodoView[], maxChars: number, now: Date): { input: PlanInput; sent: TodoView[] } {
  const planned: PlanInput['todos'] = [];
  let used = 0;
  for (const todo of todos) {
    const entry = { ref: `t${planned.length + 1}`, ...facts(todo, PLAN_DESCRIPTION_CHARS), createdAt: todo.createdAt };
    used += JSON.stringify(entry).length;
    if (planned.length > 0 && used > maxChars) break;
    planned.push(entry);
  }
  return { input: { todos: planned, now: now.toISOString() }, sent: todos.slice(0, planned.length) };
}
