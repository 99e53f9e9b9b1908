import { randomUUID } from 'node:crypto';
import { HttpClient, type ApiResponse } from '../../support/http-client.js';
import { signUp, uniqueEmail, type SuiteContext } from './auth.suite.js';

interface Todo {
  id: string;
  title: string;
  description: string | null;
}

const PASSWORD = 'a sturdy passphrase 42';
const PROBLEM = /^application\/problem\+json; charset=utf-8$/;
const fieldsOf = (response: ApiResponse<unknown>) => ((response.body as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field).toSorted();
const json = (content: string | Uint8Array) => ({ type: 'application/json', content });
const form = (content: string) => ({ type: 'application/x-www-form-urlencoded', content });

/**
 * The HTTP edge against hostile and careless clients: what it refuses, and the headers that
 * keep credentials and per-user data out of caches. Identical in every topology.
 */
export function edgeSuite(context: SuiteContext): void {
  describe('the HTTP edge', () => {
    let http: HttpClient;

    beforeAll(() => {
      http = context.http();
    });

    it('answers an unauthenticated login nesting 1,500 arrays with 400 naming the field, never 500', async () => {
      const deep = `${'['.repeat(1_500)}${']'.repeat(1_500)}`;
      const response = await http.send('POST', '/auth/login', json(`{"email": "${uniqueEmail('deep')}", "password": ${deep}}`));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(PROBLEM);
      expect(fieldsOf(response)).toEqual([`password${'.0'.repeat(31)}`]);
    });

    it('refuses text the database would store altered (lone surrogates, bytes that are not UTF-8), storing nothing', async () => {
      const { accessToken: token } = await signUp(http);
      const surrogate = await http.post('/todos', { title: 'x\ud800y' }, { token });
      expect([surrogate.status, fieldsOf(surrogate)]).toEqual([400, ['title']]);
      const bytes = Buffer.concat([Buffer.from('{"title": "x'), Buffer.from([0xff]), Buffer.from('y", "description": "fine"}')]);
      const notUtf8 = await http.send('POST', '/todos', json(bytes), { token });
      expect([notUtf8.status, fieldsOf(notUtf8)]).toEqual([400, ['title']]);
      const { body: todo } = await http.post<Todo>('/todos', { title: 'kept' }, { token });
      const patched = await http.patch(`/todos/${todo.id}`, { description: 'a\udfffb' }, { token });
      expect([patched.status, fieldsOf(patched)]).toEqual([400, ['description']]);
      const listed = await http.get<{ items: Todo[] }>('/todos', { token });
      expect(listed.body.items.map((item) => [item.title, item.description])).toEqual([['kept', null]]);
    });

    it('answers form and text bodies on JSON endpoints with 415 naming application/json, and does nothing', async () => {
      const { accessToken: token } = await signUp(http);
      const email = uniqueEmail('form');
      const refused = [
        await http.send('POST', '/auth/register', form(`email=${email}&password=${encodeURIComponent(PASSWORD)}`)),
        await http.send('POST', '/auth/login', form(`email=${email}&password=${encodeURIComponent(PASSWORD)}`)),
        await http.send('POST', '/auth/password/forgot', form(`email=${email}`)),
        await http.send('POST', '/auth/register', { type: 'text/plain', content: JSON.stringify({ email, password: PASSWORD }) }),
        await http.send('POST', '/todos', form('title=planted'), { token }),
        await http.send('POST', '/ai/todos/summary', form('x=1'), { token }),
      ];
      for (const response of refused) {
        expect(response.status).toBe(415);
        expect(response.headers.get('content-type')).toMatch(PROBLEM);
        expect(response.body).toMatchObject({ status: 415, detail: 'This endpoint accepts application/json request bodies.' });
      }
      expect((await http.post('/auth/register', { email, password: PASSWORD })).status).toBe(201);
      expect((await http.get<{ items: Todo[] }>('/todos', { token })).body.items).toEqual([]);
    });

    it('takes an empty body sent as JSON (as Swagger UI sends one) as no body: optional bodies work, required ones name their fields', async () => {
      const { accessToken: token } = await signUp(http);
      const { body: todo } = await http.post<Todo>('/todos', { title: 'Empty-bodied' }, { token });
      const empty = json('');
      expect((await http.send('POST', `/ai/todos/${todo.id}/breakdown`, empty, { token })).status).toBe(200);
      expect((await http.send('POST', '/ai/todos/summary', empty, { token })).status).toBe(200);
      expect((await http.send('DELETE', `/todos/${todo.id}`, empty, { token })).status).toBe(204);
      expect((await http.send('POST', '/auth/logout', empty, { token })).status).toBe(204);
      const register = await http.send('POST', '/auth/register', empty);
      expect([register.status, fieldsOf(register)]).toEqual([400, ['email', 'password']]);
    });

    it('marks token responses and per-user data Cache-Control: no-store', async () => {
      const session = await signUp(http);
      const token = session.accessToken;
      const login = await http.post<{ refreshToken: string }>('/auth/login', { email: session.email, password: PASSWORD });
      const refreshed = await http.post('/auth/refresh', { refreshToken: login.body.refreshToken });
      const created = await http.post<Todo>('/todos', { title: 'mine' }, { token });
      const answers = [
        login,
        refreshed,
        created,
        await http.get('/auth/me', { token }),
        await http.get('/todos', { token }),
        await http.get(`/todos/${created.body.id}`, { token }),
        await http.get(`/todos/${created.body.id}`, { token, headers: { 'if-none-match': '"1"' } }),
        await http.patch(`/todos/${created.body.id}`, { done: true }, { token }),
      ];
      expect(answers.map((answer) => [answer.status, answer.headers.get('cache-control')])).toEqual(
        [200, 200, 201, 200, 200, 200, 304, 200].map((status) => [status, 'no-store']),
      );
      // Public keys stay cacheable: they are the same for everyone.
      expect((await http.get('/.well-known/jwks.json')).headers.get('cache-control')).toBe('public, max-age=300');
    });

    it('challenges every 401 with WWW-Authenticate: Bearer, with error="invalid_token" for a token that failed', async () => {
      const session = await signUp(http);
      const [header, payload, signature] = session.accessToken.split('.');
      const tampered = `${header}.${payload.slice(0, -2)}AA.${signature}`;
      const loggedOut = (await signUp(http)).accessToken;
      expect((await http.post('/auth/logout', undefined, { token: loggedOut })).status).toBe(204);
      // A client of its own: the wrong password counts against its address.
      const guesser = new HttpClient(http.baseUrl);
      const challenges = [
        [await http.get('/todos'), 'Bearer'],
        [await http.get('/auth/me', { headers: { authorization: 'Basic YTpi' } }), 'Bearer'],
        [await http.get('/auth/me', { token: 'not-a-token' }), 'Bearer error="invalid_token"'],
        [await http.get('/auth/me', { token: tampered }), 'Bearer error="invalid_token"'],
        [await http.get('/auth/me', { token: loggedOut }), 'Bearer error="invalid_token"'],
        [await guesser.post('/auth/login', { email: session.email, password: 'not the password' }), 'Bearer'],
        [await http.post('/auth/refresh', { refreshToken: 'Hf7MWZVAhQG814-S_OghUBctrYiBcimKUKA4zOkqxvE' }), 'Bearer'],
      ] as const;
      expect(challenges.map(([response]) => response.status)).toEqual(challenges.map(() => 401));
      expect(challenges.map(([response]) => response.headers.get('www-authenticate'))).toEqual(challenges.map(([, challenge]) => challenge));
    });

    it('answers a malformed todo id of any length, or with NUL, with 400 on id, echoing it nowhere but in instance', async () => {
      const { accessToken: token } = await signUp(http);
      const long = 'a'.repeat(101);
      for (const id of [long, 'b'.repeat(5_000), '%00', `${randomUUID()}%00`]) {
        const answers = [
          await http.get(`/todos/${id}`, { token }),
          await http.patch(`/todos/${id}`, { done: true }, { token }),
          await http.delete(`/todos/${id}`, { token }),
          await http.post(`/ai/todos/${id}/breakdown`, undefined, { token }),
        ];
        for (const answer of answers) {
          expect([answer.status, fieldsOf(answer)]).toEqual([400, ['id']]);
          expect(JSON.stringify({ ...(answer.body as object), instance: undefined })).not.toMatch(/aaaaaaaaaa|bbbbbbbbbb/);
        }
      }
    });

    it('answers an access token sent to /auth/refresh like any other unknown refresh token: 401', async () => {
      const session = await signUp(http);
      const response = await http.post('/auth/refresh', { refreshToken: session.accessToken });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'auth.invalid_refresh_token' });
      // The session is untouched.
      expect((await http.post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(200);
    });

    it('counts password length in code points everywhere (NIST SP 800-63B)', async () => {
      // 128 code points: 64 emoji (two UTF-16 units each) and 64 letters.
      const longest = `${'🌿'.repeat(64)}${'leaf'.repeat(16)}`;
      const email = uniqueEmail('emoji');
      expect((await http.post('/auth/register', { email, password: longest })).status).toBe(201);
      expect((await http.post('/auth/login', { email, password: longest })).status).toBe(200);
      const tooLong = await http.post('/auth/register', { email: uniqueEmail('emoji'), password: `${longest}🌿` });
      expect([tooLong.status, fieldsOf(tooLong)]).toEqual([400, ['password']]);
      // ❤️ is two code points (U+2764 U+FE0F): four of them are eight characters.
      expect((await http.post('/auth/register', { email: uniqueEmail('heart'), password: '❤️'.repeat(4) })).status).toBe(201);
      const short = await http.post('/auth/register', { email: uniqueEmail('heart'), password: `${'🌿'.repeat(7)}` });
      expect([short.status, fieldsOf(short)]).toEqual([400, ['password']]);
    });
  });
}
