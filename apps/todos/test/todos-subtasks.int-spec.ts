import { randomUUID } from 'node:crypto';
import { TODOS_ERRORS } from '@ficus/contracts/todos';
import { problemOf, startTodosContext, userCall, type TodosHarness } from './support/todos-context.js';

describe('todos context: subtasks', () => {
  let harness: TodosHarness;

  beforeAll(async () => {
    harness = await startTodosContext();
  });
  afterAll(() => harness?.close());

  it("makes a subtask of the caller's own top-level todo and lists it by parentId", async () => {
    const call = userCall();
    const parent = await harness.todos.create({ title: 'trip' }, call);
    const first = await harness.todos.create({ title: 'book hotel', parentId: parent.id }, call);
    const second = await harness.todos.create({ title: 'pack', parentId: parent.id.toUpperCase() }, call);
    expect(first.parentId).toBe(parent.id);
    expect(second.parentId).toBe(parent.id);
    const page = await harness.todos.list({ parentId: parent.id }, call);
    expect(page.items.map((item) => item.id)).toEqual([second.id, first.id]);
  });

  it.each([
    ['an unknown todo', async () => randomUUID()],
    ["another user's todo", async (harnessOf: TodosHarness) => (await harnessOf.todos.create({ title: 'theirs' }, userCall())).id],
    ['something that is no id', async () => 'nope'],
  ])('refuses %s as parent with 422 invalid_parent on parentId', async (_label, parentOf) => {
    const parentId = await parentOf(harness);
    const problem = await problemOf(harness.todos.create({ title: 'orphan', parentId }, userCall()));
    expect(problem).toMatchObject({ status: 422, code: TODOS_ERRORS.invalidParent, errors: [{ field: 'parentId', messages: [expect.any(String)] }] });
  });

  it('keeps subtasks one level deep', async () => {
    const call = userCall();
    const parent = await harness.todos.create({ title: 'level 0' }, call);
    const child = await harness.todos.create({ title: 'level 1', parentId: parent.id }, call);
    const problem = await problemOf(harness.todos.create({ title: 'level 2', parentId: child.id }, call));
    expect(problem).toMatchObject({ status: 422, code: TODOS_ERRORS.invalidParent, errors: [{ field: 'parentId' }] });
    expect((await harness.todos.list({}, call)).items).toHaveLength(2);
  });

  it('deletes the subtasks with their parent, and nothing else', async () => {
    const call = userCall();
    const parent = await harness.todos.create({ title: 'parent' }, call);
    const children = await Promise.all(['a', 'b'].map((title) => harness.todos.create({ title, parentId: parent.id }, call)));
    const bystander = await harness.todos.create({ title: 'unrelated' }, call);
    await harness.todos.remove({ id: parent.id }, call);
    for (const child of children) expect(await problemOf(harness.todos.get({ id: child.id }, call))).toMatchObject({ status: 404 });
    expect((await harness.todos.list({}, call)).items.map((item) => item.id)).toEqual([bystander.id]);
    expect(await harness.prisma.todo.count({ where: { id: { in: children.map((child) => child.id) } } })).toBe(0);
  });

  it('deletes a subtask alone', async () => {
    const call = userCall();
    const parent = await harness.todos.create({ title: 'parent' }, call);
    const child = await harness.todos.create({ title: 'child', parentId: parent.id }, call);
    await harness.todos.remove({ id: child.id }, call);
    await expect(harness.todos.get({ id: parent.id }, call)).resolves.toMatchObject({ version: 1 });
  });
});
