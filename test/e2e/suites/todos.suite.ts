import { randomUUID } from 'node:crypto';
import type { ApiResponse, HttpClient } from '../../support/http-client.js';
import { signUp, type SuiteContext } from './auth.suite.js';

interface Todo {
  id: string;
  title: string;
  version: number;
  parentId: string | null;
  done: boolean;
  completedAt: string | null;
  tags: string[];
}

interface Page {
  items: Todo[];
  nextCursor: string | null;
}

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The fields a problem+json response names in `errors`, sorted. */
const fieldsOf = (response: ApiResponse<unknown>) => ((response.body as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field).toSorted();

/** The todos API through the gateway; identical assertions in every topology. */
export function todosSuite(context: SuiteContext): void {
  describe('todos', () => {
    let http: HttpClient;
    let token: string;
    let otherToken: string;

    beforeAll(async () => {
      http = context.http();
      [token, otherToken] = (await Promise.all([signUp(http), signUp(http)])).map((tokens) => tokens.accessToken);
    });

    const create = (body: Record<string, unknown>, headers: Record<string, string> = {}, as = token) => http.post<Todo>('/todos', body, { token: as, headers });

    it('creates a todo (201 + ETag) and reads it back', async () => {
      const created = await create({ title: '  Write report ', priority: 'high', tags: ['work', 'work'], dueAt: '2026-12-01T17:00:00Z' });
      expect(created.status).toBe(201);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.body).toMatchObject({ title: 'Write report', priority: 'high', tags: ['work'], dueAt: '2026-12-01T17:00:00.000Z', done: false, version: 1, parentId: null, createdAt: expect.stringMatching(ISO_DATE) });
      const read = await http.get<Todo>(`/todos/${created.body.id}`, { token });
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(read.body).toEqual(created.body);
    });

    it('rejects invalid todos with problem+json naming every bad field', async () => {
      const response = await create({ title: '   ', priority: 'urgent', tags: Array.from({ length: 21 }, (_, n) => `t${n}`), dueAt: 'soon', description: 'x'.repeat(10_001), colour: 'red' });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(fieldsOf(response)).toEqual(['colour', 'description', 'dueAt', 'priority', 'tags', 'title']);
      expect(fieldsOf(await create({ title: 'x'.repeat(201), tags: [' '] }))).toEqual(['tags', 'title']);
    });

    it('answers input the database could not take with 400, never 500', async () => {
      // A NUL character (PostgreSQL text cannot hold it) and an ISO week date (JavaScript cannot read it).
      expect(fieldsOf(await create({ title: 'a\u0000b', dueAt: '2026-W01' }))).toEqual(['dueAt', 'title']);
      const week = await http.get('/todos?dueBefore=2026-W01', { token });
      expect(week.status).toBe(400);
      const nul = await http.get(`/todos?q=${encodeURIComponent('a\u0000')}`, { token });
      expect(nul.status).toBe(400);
    });

    it('needs an access token on every route', async () => {
      const id = randomUUID();
      const responses = await Promise.all([http.post('/todos', { title: 'x' }), http.get('/todos'), http.get(`/todos/${id}`), http.patch(`/todos/${id}`, { done: true }), http.delete(`/todos/${id}`)]);
      for (const response of responses) expect(response).toMatchObject({ status: 401, body: { code: 'auth.unauthenticated' } });
    });

    it("answers 404 todos.not_found for another user's todo in every verb", async () => {
      const { body: todo } = await create({ title: 'private' });
      const attempts = await Promise.all([
        http.get(`/todos/${todo.id}`, { token: otherToken }),
        http.patch(`/todos/${todo.id}`, { title: 'mine now' }, { token: otherToken }),
        http.patch(`/todos/${todo.id}`, { title: 'mine now' }, { token: otherToken, headers: { 'if-match': '"1"' } }),
        http.delete(`/todos/${todo.id}`, { token: otherToken }),
        http.delete(`/todos/${todo.id}`, { token: otherToken, headers: { 'if-match': '"1"' } }),
      ]);
      for (const response of attempts) expect(response).toMatchObject({ status: 404, body: { code: 'todos.not_found' } });
      const theirs = await http.get<Page>('/todos?limit=100', { token: otherToken });
      expect(theirs.body.items.map((item) => item.id)).not.toContain(todo.id);
      expect((await http.get<Todo>(`/todos/${todo.id}`, { token })).body).toMatchObject({ title: 'private', version: 1 });
    });

    it('answers a malformed id with 400 on the id field', async () => {
      const response = await http.get('/todos/not-a-uuid', { token });
      expect(response.status).toBe(400);
      expect(fieldsOf(response)).toEqual(['id']);
    });

    it('honours If-Match on PATCH and DELETE: 412 when stale, 400 when malformed', async () => {
      const { body: todo } = await create({ title: 'versioned' });
      const done = await http.patch<Todo>(`/todos/${todo.id}`, { done: true }, { token, headers: { 'if-match': '"1"' } });
      expect(done.status).toBe(200);
      expect(done.headers.get('etag')).toBe('"2"');
      expect(done.body).toMatchObject({ done: true, completedAt: expect.stringMatching(ISO_DATE), version: 2 });
      const stale = await http.patch(`/todos/${todo.id}`, { title: 'lost update' }, { token, headers: { 'if-match': '"1"' } });
      expect(stale).toMatchObject({ status: 412, body: { code: 'todos.version_mismatch' } });
      for (const malformed of ['1', 'W/"2"', '"2", "3"', '"x"']) {
        const response = await http.patch(`/todos/${todo.id}`, { title: 'x' }, { token, headers: { 'if-match': malformed } });
        expect(response.status).toBe(400);
        expect(fieldsOf(response)).toEqual(['If-Match']);
      }
      expect((await http.delete(`/todos/${todo.id}`, { token, headers: { 'if-match': '"1"' } })).status).toBe(412);
      expect((await http.delete(`/todos/${todo.id}`, { token, headers: { 'if-match': '"2"' } })).status).toBe(204);
      expect((await http.get(`/todos/${todo.id}`, { token })).status).toBe(404);
    });

    it('answers a GET with If-None-Match naming the current version with 304 and no body', async () => {
      const { body: todo } = await create({ title: 'cached' });
      const url = `/todos/${todo.id}`;
      for (const current of ['"1"', 'W/"1"', '"7", "1"', '*']) {
        const unchanged = await http.get(url, { token, headers: { 'if-none-match': current } });
        expect([current, unchanged.status, unchanged.headers.get('etag'), unchanged.body]).toEqual([current, 304, '"1"', undefined]);
      }
      // fetch() sent Cache-Control: no-cache with each of these: it speaks to caches, not to us.
      // An old version gets the todo.
      await http.patch(url, { done: true }, { token });
      const changed = await http.get<Todo>(url, { token, headers: { 'if-none-match': '"1"' } });
      expect([changed.status, changed.headers.get('etag'), changed.body.version]).toEqual([200, '"2"', 2]);
      // Still 404 for anyone else: a conditional request reveals nothing.
      expect((await http.get(url, { token: otherToken, headers: { 'if-none-match': '*' } })).status).toBe(404);
    });

    it('replays a create with the same Idempotency-Key and refuses the key for another body', async () => {
      const key = randomUUID();
      const first = await create({ title: 'pay rent' }, { 'idempotency-key': key });
      const repeats = await Promise.all([0, 1, 2].map(() => create({ title: 'pay rent' }, { 'idempotency-key': key })));
      for (const repeat of repeats) {
        expect(repeat.status).toBe(201);
        expect(repeat.body).toEqual(first.body);
      }
      const reused = await create({ title: 'pay bills' }, { 'idempotency-key': key });
      expect(reused).toMatchObject({ status: 422, body: { code: 'todos.idempotency_key_reused' } });
      // Keys belong to their user: the same key elsewhere is a new todo.
      expect((await create({ title: 'pay rent' }, { 'idempotency-key': key }, otherToken)).body.id).not.toBe(first.body.id);
      expect(fieldsOf(await create({ title: 'x' }, { 'idempotency-key': 'with space' }))).toEqual(['Idempotency-Key']);
    });

    it('creates exactly one todo for 20 concurrent requests with one Idempotency-Key', async () => {
      const { accessToken } = await signUp(http);
      const key = randomUUID();
      const answers = await Promise.all(Array.from({ length: 20 }, () => create({ title: 'exactly once' }, { 'idempotency-key': key }, accessToken)));
      expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      const listed = await http.get<Page>('/todos?limit=100', { token: accessToken });
      expect(listed.body.items.map((item) => item.id)).toEqual([answers[0].body.id]);
    });

    it('pages without duplicates or gaps while todos are being added', async () => {
      const { accessToken } = await signUp(http);
      const existing: string[] = [];
      for (let n = 0; n < 7; n += 1) existing.push((await create({ title: `steady ${n}` }, {}, accessToken)).body.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: ApiResponse<Page> = await http.get<Page>(`/todos?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: accessToken });
        seen.push(...page.body.items.map((item) => item.id));
        cursor = page.body.nextCursor;
        // Newer todos land before the cursor: they must not shift later pages.
        await create({ title: `newcomer ${seen.length}` }, {}, accessToken);
      } while (cursor);
      expect(seen).toEqual(existing.toReversed());
    });

    it('refuses a subtask of a subtask with 422 on parentId and deletes subtasks with their parent', async () => {
      const { body: parent } = await create({ title: 'trip' });
      const { body: child } = await create({ title: 'book hotel', parentId: parent.id });
      expect(child.parentId).toBe(parent.id);
      const nested = await create({ title: 'too deep', parentId: child.id });
      expect(nested).toMatchObject({ status: 422, body: { code: 'todos.invalid_parent' } });
      expect(fieldsOf(nested)).toEqual(['parentId']);
      expect((await http.get<Page>(`/todos?parentId=${parent.id}`, { token })).body.items.map((item) => item.id)).toEqual([child.id]);
      expect((await http.delete(`/todos/${parent.id}`, { token })).status).toBe(204);
      expect((await http.get(`/todos/${child.id}`, { token })).status).toBe(404);
    });

    it('pages newest first with an opaque cursor, and filters', async () => {
      const { accessToken } = await signUp(http);
      const ids: string[] = [];
      for (const n of [1, 2, 3, 4, 5]) ids.push((await create({ title: `page item ${n}`, tags: n % 2 === 0 ? ['even'] : [] }, {}, accessToken)).body.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: ApiResponse<Page> = await http.get<Page>(`/todos?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: accessToken });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((item) => item.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(ids.toReversed());
      expect((await http.get<Page>('/todos?tag=even&done=false', { token: accessToken })).body.items.map((item) => item.id)).toEqual([ids[3], ids[1]]);
      expect((await http.get<Page>('/todos?tag=%20even%20', { token: accessToken })).body.items.map((item) => item.id)).toEqual([ids[3], ids[1]]);
      expect((await http.get<Page>('/todos?q=ITEM%203', { token: accessToken })).body.items.map((item) => item.id)).toEqual([ids[2]]);
      const bad = await http.get('/todos?limit=0&cursor=nonsense&priority=urgent', { token: accessToken });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad)).toEqual(['limit', 'priority']);
      const foreignCursor = await http.get('/todos?cursor=nonsense', { token: accessToken });
      expect(foreignCursor.status).toBe(400);
      expect(fieldsOf(foreignCursor)).toEqual(['cursor']);
    });
  });
}
