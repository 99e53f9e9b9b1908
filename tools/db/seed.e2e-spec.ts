import { gatewayApp } from '../../apps/gateway/src/gateway.app.js';
import { bearer, createFicusClient } from '../../client/index.js';
import { generateSigningKeyPem } from '../../test/support/jwt-keys.js';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from './seed-demo.js';

describe('npm run db:seed', () => {
  let gateway: TestApp;

  beforeAll(async () => {
    gateway = await startTestApp(gatewayApp, { AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem(), REDIS_URL: undefined }, { listen: true });
  });
  afterAll(() => gateway?.app.close());

  it('makes a demo user with todos one can sign in as, once', async () => {
    expect(await seedDemo(gateway.url)).toEqual({ created: true, todos: 7 });
    expect(await seedDemo(gateway.url)).toEqual({ created: false, todos: 7 });
    const api = createFicusClient(gateway.url);
    const login = await api.POST('/auth/login', { body: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
    expect(login.response.status).toBe(200);
    api.use(bearer(login.data?.accessToken ?? ''));
    const offsite = (await api.GET('/todos', { params: { query: { q: 'offsite' } } })).data?.items[0];
    const subtasks = await api.GET('/todos', { params: { query: { parentId: offsite?.id } } });
    expect(subtasks.data?.items.map((todo) => todo.title).toSorted()).toEqual(['Book a venue', 'Pick two dates', 'Send the invitations']);
  });
});
