import { randomUUID } from 'node:crypto';
import { TODOS_ERRORS } from '@ficus/contracts/todos';
import { problemOf, startTodosContext, userCall, type TodosHarness } from './support/todos-context.js';

const LIMIT = 5;

describe('todos context: idempotent creates and the per-user limit', () => {
  let harness: TodosHarness;

  beforeAll(async () => {
    harness = await startTodosContext({ TODOS_MAX_PER_USER: String(LIMIT) });
  });
  afterAll(() => harness?.close());

  describe('Idempotency-Key', () => {
    it('answers a repeat (same key, same body in another spelling) with the original todo and creates nothing', async () => {
      const call = userCall();
      const key = randomUUID();
      const first = await harness.todos.create({ title: 'pay rent', tags: ['home'], idempotencyKey: key }, call);
      await harness.todos.update({ id: first.id, title: 'changed since' }, call);
      const repeat = await harness.todos.create({ title: ' pay rent ', tags: ['home', 'home'], priority: 'medium', idempotencyKey: key }, call);
      expect(repeat).toEqual(first);
      expect((await harness.todos.list({}, call)).items).toHaveLength(1);
    });

    it('refuses the key with a different body with 422', async () => {
      const call = userCall();
      const key = randomUUID();
      await harness.todos.create({ title: 'pay rent', idempotencyKey: key }, call);
      const problem = await problemOf(harness.todos.create({ title: 'pay bills', idempotencyKey: key }, call));
      expect(problem).toMatchObject({ status: 422, code: TODOS_ERRORS.idempotencyKeyReused });
      expect((await harness.todos.list({}, call)).items).toHaveLength(1);
    });

    it('scopes keys per user', async () => {
      const key = randomUUID();
      const mine = await harness.todos.create({ title: 'same', idempotencyKey: key }, userCall());
      const theirs = await harness.todos.create({ title: 'other body', idempotencyKey: key }, userCall());
      expect(theirs.id).not.toBe(mine.id);
    });

    it('turns 20 concurrent requests with one key into exactly one todo that all of them get', async () => {
      const call = userCall();
      const key = randomUUID();
      const views = await Promise.all(Array.from({ length: 20 }, () => harness.todos.create({ title: 'once', idempotencyKey: key }, call)));
      expect(new Set(views.map((view) => view.id)).size).toBe(1);
      expect(await harness.prisma.todo.count({ where: { ownerId: call.caller?.userId } })).toBe(1);
    });

    it('forgets keys after the TTL: a late repeat creates anew, and the cleanup deletes expired keys', async () => {
      const call = userCall();
      const ownerId = call.caller?.userId ?? '';
      const [expired, fresh] = [randomUUID(), randomUUID()];
      const first = await harness.todos.create({ title: 'old', idempotencyKey: expired }, call);
      await harness.todos.create({ title: 'new', idempotencyKey: fresh }, call);
      const longAgo = new Date(Date.now() - 25 * 3600 * 1000);
      await harness.prisma.idempotencyKey.update({ where: { ownerId_key: { ownerId, key: expired } }, data: { createdAt: longAgo } });

      const late = await harness.todos.create({ title: 'old', idempotencyKey: expired }, call);
      expect(late.id).not.toBe(first.id);

      await harness.prisma.idempotencyKey.update({ where: { ownerId_key: { ownerId, key: expired } }, data: { createdAt: longAgo } });
      expect(await harness.cleanup.purgeExpired()).toBeGreaterThanOrEqual(1);
      const left = await harness.prisma.idempotencyKey.findMany({ where: { ownerId }, select: { key: true } });
      expect(left).toEqual([{ key: fresh }]);
    });
  });

  describe('TODOS_MAX_PER_USER', () => {
    it('refuses the todo beyond the limit with 409, subtasks included, and frees a slot on delete', async () => {
      const call = userCall();
      const parent = await harness.todos.create({ title: 'parent' }, call);
      for (let n = 1; n < LIMIT; n++) await harness.todos.create({ title: `child ${n}`, parentId: parent.id }, call);
      expect(await problemOf(harness.todos.create({ title: 'one too many' }, call))).toMatchObject({ status: 409, code: TODOS_ERRORS.limitReached });
      await harness.todos.remove({ id: parent.id }, call);
      await expect(harness.todos.create({ title: 'room again' }, call)).resolves.toMatchObject({ title: 'room again' });
    });

    it('holds under concurrency: of many simultaneous creates exactly the limit succeed', async () => {
      const call = userCall();
      const results = await Promise.allSettled(Array.from({ length: 3 * LIMIT }, (_, n) => harness.todos.create({ title: `burst ${n}` }, call)));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(LIMIT);
      const refusals = await Promise.all(results.filter((result) => result.status === 'rejected').map((result) => problemOf(Promise.reject(result.reason))));
      expect(refusals.every((problem) => problem.code === TODOS_ERRORS.limitReached)).toBe(true);
      expect(await harness.prisma.todo.count({ where: { ownerId: call.caller?.userId } })).toBe(LIMIT);
    });

    it('still replays a remembered create once the limit is reached', async () => {
      const call = userCall();
      const key = randomUUID();
      const first = await harness.todos.create({ title: 'keyed', idempotencyKey: key }, call);
      for (let n = 1; n < LIMIT; n++) await harness.todos.create({ title: `filler ${n}` }, call);
      await expect(harness.todos.create({ title: 'keyed', idempotencyKey: key }, call)).resolves.toEqual(first);
    });
  });
});
