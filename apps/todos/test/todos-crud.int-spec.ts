import { randomUUID } from 'node:crypto';
import { AUTH_ERRORS } from '@ficus/contracts/auth';
import { TODOS_ERRORS } from '@ficus/contracts/todos';
import { anonymousCall, problemOf, startTodosContext, userCall, type TodosHarness } from './support/todos-context.js';

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('todos context: create, read, update, delete', () => {
  let harness: TodosHarness;

  beforeAll(async () => {
    harness = await startTodosContext();
  });
  afterAll(() => harness?.close());

  it('creates a todo with defaults and normalised fields, as a JSON-safe view', async () => {
    const call = userCall();
    const view = await harness.todos.create({ title: '  Write report ', tags: [' work', 'work', 'q4 '], dueAt: '2026-12-01T17:00:00+01:00' }, call);
    expect(view).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'Write report',
      description: null,
      dueAt: '2026-12-01T16:00:00.000Z',
      priority: 'medium',
      tags: ['work', 'q4'],
      done: false,
      completedAt: null,
      parentId: null,
      version: 1,
      createdAt: expect.stringMatching(ISO_DATE),
      updatedAt: expect.stringMatching(ISO_DATE),
    });
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    await expect(harness.todos.get({ id: view.id }, call)).resolves.toEqual(view);
  });

  it('needs a signed-in caller in every method', async () => {
    const id = randomUUID();
    const calls = [
      harness.todos.create({ title: 'x' }, anonymousCall()),
      harness.todos.list({}, anonymousCall()),
      harness.todos.get({ id }, anonymousCall()),
      harness.todos.update({ id, title: 'y' }, anonymousCall()),
      harness.todos.remove({ id }, anonymousCall()),
    ];
    for (const call of calls) expect(await problemOf(call)).toMatchObject({ status: 401, code: AUTH_ERRORS.unauthenticated });
  });

  it("answers 404 for another user's todo in every verb and leaves it untouched", async () => {
    const owner = userCall();
    const stranger = userCall();
    const todo = await harness.todos.create({ title: 'mine' }, owner);
    const attempts = [
      harness.todos.get({ id: todo.id }, stranger),
      harness.todos.update({ id: todo.id, title: 'yours now' }, stranger),
      harness.todos.update({ id: todo.id, title: 'yours now', expectedVersion: 1 }, stranger),
      harness.todos.remove({ id: todo.id }, stranger),
      harness.todos.remove({ id: todo.id, expectedVersion: 1 }, stranger),
    ];
    for (const attempt of attempts) expect(await problemOf(attempt)).toMatchObject({ status: 404, code: TODOS_ERRORS.notFound });
    expect((await harness.todos.list({}, stranger)).items).toEqual([]);
    expect((await harness.todos.list({ parentId: todo.id }, stranger)).items).toEqual([]);
    await expect(harness.todos.get({ id: todo.id }, owner)).resolves.toEqual(todo);
  });

  it('answers unknown and malformed ids with 404', async () => {
    const call = userCall();
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect(await problemOf(harness.todos.get({ id }, call))).toMatchObject({ status: 404, code: TODOS_ERRORS.notFound });
      expect(await problemOf(harness.todos.update({ id, done: true }, call))).toMatchObject({ status: 404 });
      expect(await problemOf(harness.todos.remove({ id }, call))).toMatchObject({ status: 404 });
    }
  });

  it('updates partially, bumps the version on every change, and ties completedAt to done', async () => {
    const call = userCall();
    const todo = await harness.todos.create({ title: 'draft', description: 'first', dueAt: '2026-12-01T00:00:00Z', tags: ['a'] }, call);
    const renamed = await harness.todos.update({ id: todo.id, title: ' final ' }, call);
    expect(renamed).toMatchObject({ title: 'final', description: 'first', tags: ['a'], version: 2 });
    expect(Date.parse(renamed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(todo.updatedAt));

    const done = await harness.todos.update({ id: todo.id, done: true }, call);
    expect(done).toMatchObject({ done: true, completedAt: expect.stringMatching(ISO_DATE), version: 3 });
    // Done again: still a change (new version), but the completion time stays the first one.
    const again = await harness.todos.update({ id: todo.id, done: true, priority: 'high' }, call);
    expect(again).toMatchObject({ done: true, completedAt: done.completedAt, priority: 'high', version: 4 });
    const undone = await harness.todos.update({ id: todo.id, done: false }, call);
    expect(undone).toMatchObject({ done: false, completedAt: null, version: 5 });

    const cleared = await harness.todos.update({ id: todo.id, description: null, dueAt: null, tags: ['b', 'b', ' c'] }, call);
    expect(cleared).toMatchObject({ description: null, dueAt: null, tags: ['b', 'c'], version: 6 });
    // An empty update changes nothing, so no new version.
    await expect(harness.todos.update({ id: todo.id }, call)).resolves.toEqual(cleared);
  });

  it('applies update and delete with expectedVersion only at that version (412 otherwise)', async () => {
    const call = userCall();
    const todo = await harness.todos.create({ title: 'v1' }, call);
    await harness.todos.update({ id: todo.id, title: 'v2', expectedVersion: 1 }, call);
    expect(await problemOf(harness.todos.update({ id: todo.id, title: 'stale', expectedVersion: 1 }, call))).toMatchObject({ status: 412, code: TODOS_ERRORS.versionMismatch });
    expect(await problemOf(harness.todos.remove({ id: todo.id, expectedVersion: 1 }, call))).toMatchObject({ status: 412, code: TODOS_ERRORS.versionMismatch });
    await expect(harness.todos.get({ id: todo.id }, call)).resolves.toMatchObject({ title: 'v2', version: 2 });
    // Without expectedVersion the change applies whatever the version.
    await expect(harness.todos.update({ id: todo.id, title: 'v3' }, call)).resolves.toMatchObject({ version: 3 });
    await harness.todos.remove({ id: todo.id, expectedVersion: 3 }, call);
    expect(await problemOf(harness.todos.get({ id: todo.id }, call))).toMatchObject({ status: 404 });
  });

  it('lets exactly one of two concurrent updates at the same expected version through', async () => {
    const call = userCall();
    const todo = await harness.todos.create({ title: 'contested' }, call);
    const results = await Promise.allSettled([1, 2].map((n) => harness.todos.update({ id: todo.id, title: `writer ${n}`, expectedVersion: 1 }, call)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(rejected).toHaveLength(1);
    expect(await problemOf(Promise.reject(rejected[0]))).toMatchObject({ status: 412, code: TODOS_ERRORS.versionMismatch });
    await expect(harness.todos.get({ id: todo.id }, call)).resolves.toMatchObject({ version: 2 });
  });

  it('applies every one of many concurrent updates without expectedVersion', async () => {
    const call = userCall();
    const todo = await harness.todos.create({ title: 'busy' }, call);
    await Promise.all(Array.from({ length: 4 }, (_, n) => harness.todos.update({ id: todo.id, tags: [`t${n}`] }, call)));
    await expect(harness.todos.get({ id: todo.id }, call)).resolves.toMatchObject({ version: 5 });
  });
});
