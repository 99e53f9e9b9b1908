import { bearer, createFicusClient, type FicusClient } from '../../../client/index.js';
import type { HttpClient } from '../../support/http-client.js';
import { uniqueEmail, type SuiteContext } from './auth.suite.js';

const PASSWORD = 'a sturdy passphrase 42';

/** The typed client (client/, generated from openapi.json) as a client would use it, from the same client address as `http`. */
function typedClient(http: HttpClient): FicusClient {
  const client = createFicusClient(http.baseUrl);
  client.use({
    onRequest({ request }) {
      request.headers.set('x-forwarded-for', http.clientAddress);
      return request;
    },
  });
  return client;
}

/** The README's walkthrough through the generated client: the contract's types fit the real API. */
export function typedClientSuite(context: SuiteContext): void {
  describe('the typed client', () => {
    it('walks through register → login → create → list → breakdown', async () => {
      const api = typedClient(context.http());
      const email = uniqueEmail('typed');
      const registered = await api.POST('/auth/register', { body: { email, password: PASSWORD } });
      expect(registered.response.status).toBe(201);
      expect(registered.data?.email).toBe(email);

      const login = await api.POST('/auth/login', { body: { email, password: PASSWORD } });
      expect(login.response.status).toBe(200);
      api.use(bearer(login.data?.accessToken ?? ''));

      const created = await api.POST('/todos', { body: { title: 'Plan the launch party', priority: 'high', tags: ['party'] } });
      expect(created.response.status).toBe(201);
      expect(created.response.headers.get('etag')).toBe('"1"');
      const todo = created.data;
      expect(todo).toMatchObject({ title: 'Plan the launch party', priority: 'high', version: 1 });

      const listed = await api.GET('/todos', { params: { query: { tag: 'party', limit: 10 } } });
      expect(listed.data?.items.map((item) => item.id)).toEqual([todo?.id]);

      const breakdown = await api.POST('/ai/todos/{id}/breakdown', { params: { path: { id: todo?.id ?? '' } }, body: { apply: true } });
      expect(breakdown.response.status).toBe(200);
      expect(breakdown.data?.suggestions.length).toBeGreaterThan(0);
      expect(breakdown.data?.created?.map((subtask) => subtask.parentId)).toEqual(breakdown.data?.suggestions.map(() => todo?.id));

      // A problem answer is typed too: the contract's ProblemDetails.
      const missing = await api.GET('/todos/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
      expect(missing.response.status).toBe(404);
      expect(missing.error).toMatchObject({ status: 404, code: 'todos.not_found' });
    });
  });
}
