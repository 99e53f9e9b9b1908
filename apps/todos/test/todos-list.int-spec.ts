import type { CallContext } from '@ficus/common';
import type { TodoView } from '@ficus/contracts/todos';
import { problemOf, startTodosContext, userCall, type TodosHarness } from './support/todos-context.js';

describe('todos context: listing', () => {
  let harness: TodosHarness;

  beforeAll(async () => {
    harness = await startTodosContext();
  });
  afterAll(() => harness?.close());

  /** Creates todos one after another, so creation order is newest-first order reversed. */
  async function createInOrder(call: CallContext, count: number, title = (n: number) => `todo ${n}`): Promise<TodoView[]> {
    const created: TodoView[] = [];
    for (let n = 0; n < count; n++) created.push(await harness.todos.create({ title: title(n) }, call));
    return created;
  }

  it('lists newest first with a default page of 20 and no cursor on the last page', async () => {
    const call = userCall();
    const created = await createInOrder(call, 21);
    const first = await harness.todos.list({}, call);
    expect(first.items).toHaveLength(20);
    expect(first.items[0].id).toBe(created[20].id);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await harness.todos.list({ cursor: first.nextCursor ?? undefined }, call);
    expect(second).toEqual({ items: [created[0]], nextCursor: null });
  });

  it('pages through every row exactly once while rows are inserted concurrently', async () => {
    const call = userCall();
    const existing = await createInOrder(call, 30);
    const seen: string[] = [];
    const inserted: Promise<TodoView>[] = [];
    let cursor: string | undefined;
    do {
      // Each page races new inserts (newer than everything paged so far).
      const [page] = await Promise.all([harness.todos.list({ limit: 7, cursor }, call), ...[0, 1].map((n) => {
        const insert = harness.todos.create({ title: `late ${n}` }, call);
        inserted.push(insert);
        return insert;
      })]);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    await Promise.all(inserted);
    expect(new Set(seen).size).toBe(seen.length);
    const original = existing.map((todo) => todo.id);
    // Every row that existed before paging started is on exactly one page, in order.
    expect(seen.filter((id) => original.includes(id))).toEqual(original.toReversed());
  });

  it('orders rows created in the same millisecond by id and still pages without gaps', async () => {
    const call = userCall();
    const createdAt = new Date('2026-01-01T00:00:00.000Z');
    const ids = Array.from({ length: 5 }, (_, n) => `01900000-0000-7000-8000-00000000000${n}`);
    // A burst within one millisecond, as a busy instance produces: the id breaks the tie.
    await harness.prisma.todo.createMany({ data: ids.map((id) => ({ id, ownerId: call.caller?.userId ?? '', title: id, createdAt })) });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await harness.todos.list({ limit: 2, cursor }, call);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(ids.toReversed());
  });

  it('filters by done, priority, tag, due dates, parent and title text', async () => {
    const call = userCall();
    const report = await harness.todos.create({ title: 'Quarterly REPORT', priority: 'high', tags: ['work'], dueAt: '2026-03-01T00:00:00Z' }, call);
    const shopping = await harness.todos.create({ title: 'Buy milk', tags: ['home', 'errand'], dueAt: '2026-01-15T00:00:00Z' }, call);
    const sale = await harness.todos.create({ title: '50% off_sale' }, call);
    const child = await harness.todos.create({ title: 'Draft report', parentId: report.id }, call);
    await harness.todos.update({ id: shopping.id, done: true }, call);
    const ids = async (filters: Parameters<TodosHarness['todos']['list']>[0]) => (await harness.todos.list(filters, call)).items.map((item) => item.id);

    expect(await ids({ done: true })).toEqual([shopping.id]);
    expect(await ids({ done: false })).toEqual([child.id, sale.id, report.id]);
    expect(await ids({ priority: 'high' })).toEqual([report.id]);
    expect(await ids({ tag: 'errand' })).toEqual([shopping.id]);
    expect(await ids({ dueBefore: '2026-02-01T00:00:00Z' })).toEqual([shopping.id]);
    expect(await ids({ dueAfter: '2026-02-01T00:00:00Z' })).toEqual([report.id]);
    expect(await ids({ parentId: report.id })).toEqual([child.id]);
    expect(await ids({ q: 'report' })).toEqual([child.id, report.id]);
    // LIKE wildcards are matched literally.
    expect(await ids({ q: '%' })).toEqual([sale.id]);
    expect(await ids({ q: 'f_s' })).toEqual([sale.id]);
    expect(await ids({ q: 'r_p' })).toEqual([]);
    expect(await ids({ q: 'report', priority: 'high', done: false })).toEqual([report.id]);
  });

  it('refuses a cursor it did not issue with 400 on the cursor field', async () => {
    for (const cursor of ['garbage', Buffer.from('["yesterday","x"]').toString('base64url')]) {
      const problem = await problemOf(harness.todos.list({ cursor }, userCall()));
      expect(problem).toMatchObject({ status: 400, errors: [{ field: 'cursor' }] });
    }
  });
});
