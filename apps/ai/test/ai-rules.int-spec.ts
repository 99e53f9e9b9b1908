import { randomUUID } from 'node:crypto';
import { startAiContext, userCall, type AiHarness } from './support/ai-context.js';

const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

/** The default provider (AI_PROVIDER=rules): no network, deterministic, honest about it. */
describe('ai context with the rules helper', () => {
  let harness: AiHarness;

  beforeAll(async () => {
    harness = await startAiContext({ AI_MAX_TODOS: '3' });
  });
  afterAll(() => harness?.close());

  it('turns the steps listed in a description into subtasks, and says it is not a model', async () => {
    const userId = randomUUID();
    const todo = harness.todos.seed(userId, { title: 'Move house', description: 'Things:\n- Book the van\n- Pack the books\n2) Hand in the keys' });
    const result = await harness.ai.breakdown({ todoId: todo.id, apply: true }, userCall(userId));
    expect(result.suggestions.map((suggestion) => suggestion.title)).toEqual(['Book the van', 'Pack the books', 'Hand in the keys']);
    expect(result).toMatchObject({ generatedBy: 'rules', model: null, degraded: false });
    expect(result.created.map((created) => created.parentId)).toEqual([todo.id, todo.id, todo.id]);
  });

  it('plans the most urgent first and sends at most AI_MAX_TODOS todos', async () => {
    const userId = randomUUID();
    harness.todos.seed(userId, { title: 'Someday', priority: 'low' });
    const overdue = harness.todos.seed(userId, { title: 'Pay the rent', dueAt: inDays(-1) });
    const important = harness.todos.seed(userId, { title: 'Prepare the board meeting', priority: 'high' });
    const soon = harness.todos.seed(userId, { title: 'Renew the passport', dueAt: inDays(1) });
    const result = await harness.ai.summary({}, userCall(userId));
    // The newest three are considered ("Someday", the oldest, is left out).
    expect(result.steps.map((step) => step.todoId)).toEqual([overdue.id, soon.id, important.id]);
    expect(result.steps[0].reason).toMatch(/^Overdue since \d{4}-\d\d-\d\d\.$/);
    expect(result).toMatchObject({ openTodos: 3, truncated: true, generatedBy: 'rules', degraded: false });
    expect(result.summary).toMatch(/^3 open todos, 1 overdue\. Start with “Pay the rent”: overdue since/);
  });

  it('has no model dependency to report', async () => {
    const ready = (await (await fetch(`${harness.url}/ready`)).json()) as { details: Record<string, unknown> };
    expect(ready.details['circuit-breakers']).toMatchObject({ status: 'up' });
    expect(ready.details['circuit-breakers']).not.toHaveProperty('llm');
  });
});
