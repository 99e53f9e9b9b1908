import type { PlanInput } from '../assistant/assistant.js';
import { planByRules } from './plan-rules.js';
import { subtasksByRules } from './subtask-rules.js';

const todo = (title: string, description: string | null = null) => ({ todo: { title, description, dueAt: null, priority: 'medium' as const, tags: [] }, existingSubtasks: [] });

describe('subtasksByRules', () => {
  it('uses the steps a description lists (bullets, numbers, checkboxes), in order', () => {
    const steps = subtasksByRules(todo('Launch', 'Plan:\n- Write copy\n* Design banner\n3. Ship it\n[ ] Tell the team\nnot a step'), 7);
    expect(steps.map((step) => step.title)).toEqual(['Write copy', 'Design banner', 'Ship it', 'Tell the team']);
  });

  it('picks the playbook the title names, else generic steps, quoting a shortened title', () => {
    expect(subtasksByRules(todo('Fix the login bug'), 7)[0].title).toBe('Reproduce the problem reliably');
    const generic = subtasksByRules(todo(`Tidy ${'very '.repeat(40)}long`), 7);
    expect(generic).toHaveLength(3);
    expect(generic[0].title.length).toBeLessThanOrEqual(200);
    expect(generic[0].title).toMatch(/^Define what done looks like for “Tidy very .*…”$/);
  });

  it('leaves out subtasks that exist already (ignoring case) and caps the count', () => {
    const input = { ...todo('Buy a bike'), existingSubtasks: ['list exactly what to get'] };
    expect(subtasksByRules(input, 7).map((step) => step.title)).toEqual(['Compare options and prices', 'Buy or order it']);
    expect(subtasksByRules(todo('x', '- a\n- b\n- c'), 2)).toHaveLength(2);
  });
});

const entry = (ref: string, fields: Partial<PlanInput['todos'][number]> = {}) => ({
  ref, title: ref, description: null, dueAt: null, priority: 'medium' as const, tags: [], createdAt: '2026-11-01T00:00:00.000Z', ...fields,
});

describe('planByRules', () => {
  const now = '2026-11-25T12:00:00.000Z';

  it('orders overdue, due within two days, high priority, due this week, then the rest (oldest first)', () => {
    const plan = planByRules({
      now,
      todos: [
        entry('t1', { createdAt: '2026-11-20T00:00:00.000Z' }),
        entry('t2', { dueAt: '2026-11-29T00:00:00.000Z' }),
        entry('t3', { priority: 'high' }),
        entry('t4', { dueAt: '2026-11-26T09:00:00.000Z' }),
        entry('t5', { dueAt: '2026-11-24T00:00:00.000Z' }),
        entry('t6', { createdAt: '2026-11-10T00:00:00.000Z', priority: 'low' }),
      ],
    });
    expect(plan.steps.map((step) => step.ref)).toEqual(['t5', 't4', 't3', 't2', 't1']);
    expect(plan.steps.map((step) => step.reason)).toEqual([
      'Overdue since 2026-11-24.',
      'Due 2026-11-26, within two days.',
      'High priority.',
      'Due 2026-11-29, this week.',
      'Open since 2026-11-20, medium priority.',
    ]);
    expect(plan.summary).toBe('6 open todos, 1 overdue. Start with “t5”: overdue since 2026-11-24.');
  });

  it('is deterministic for equal todos (ref order)', () => {
    const plan = planByRules({ now, todos: [entry('t2'), entry('t1')] });
    expect(plan.steps.map((step) => step.ref)).toEqual(['t1', 't2']);
  });
});
