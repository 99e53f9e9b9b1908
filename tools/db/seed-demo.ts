/**
 * The demo account `npm run db:seed` makes: a user with a few todos (one with subtasks),
 * created through the running API with the typed client — the contexts' own rules and checks
 * apply, and nothing is written behind their back. Running it again changes nothing.
 */
import { bearer, createFicusClient, type FicusClient, type Schema } from '../../client/index.js';

export const DEMO_EMAIL = 'demo@ficus.example';
export const DEMO_PASSWORD = 'ficus demo passphrase 2026';

type NewTodo = Schema<'CreateTodoRequest'>;

const TODOS: readonly (NewTodo & { subtasks?: readonly string[] })[] = [
  { title: 'Try the API in Swagger UI', description: 'Authorize with the access token, then "Try it out" on GET /todos.', priority: 'high', tags: ['ficus'] },
  { title: 'Plan the team offsite', priority: 'medium', tags: ['work'], subtasks: ['Pick two dates', 'Book a venue', 'Send the invitations'] },
  { title: 'Buy oat milk', priority: 'low', tags: ['errands'] },
  { title: 'Renew the passport', dueAt: '2027-03-01T09:00:00.000Z', tags: ['errands'] },
];

export interface SeedResult {
  /** Whether this run made the account (false: it existed already, and was left as it was). */
  created: boolean;
  todos: number;
}

/** Fails with what the API said, problem document included. */
function expectStatus(response: Response, expected: number, action: string, error: unknown): void {
  if (response.status !== expected) throw new Error(`${action}: ${response.status} ${JSON.stringify(error ?? {})}`);
}

async function signIn(api: FicusClient): Promise<void> {
  const login = await api.POST('/auth/login', { body: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
  expectStatus(login.response, 200, 'Signing in as the demo user', login.error);
  api.use(bearer(login.data?.accessToken ?? ''));
}

async function createTodos(api: FicusClient): Promise<number> {
  let count = 0;
  for (const { subtasks = [], ...todo } of TODOS) {
    const created = await api.POST('/todos', { body: todo });
    expectStatus(created.response, 201, `Creating "${todo.title}"`, created.error);
    for (const title of subtasks) {
      const subtask = await api.POST('/todos', { body: { title, parentId: created.data?.id } });
      expectStatus(subtask.response, 201, `Creating "${title}"`, subtask.error);
    }
    count += 1 + subtasks.length;
  }
  return count;
}

/** Makes the demo account at the API `baseUrl` unless it exists. */
export async function seedDemo(baseUrl: string): Promise<SeedResult> {
  const api = createFicusClient(baseUrl);
  const registered = await api.POST('/auth/register', { body: { email: DEMO_EMAIL, password: DEMO_PASSWORD, displayName: 'Demo' } });
  if (registered.response.status === 409) {
    await signIn(api);
    const existing = await api.GET('/todos', { params: { query: { limit: 100 } } });
    return { created: false, todos: existing.data?.items.length ?? 0 };
  }
  expectStatus(registered.response, 201, 'Registering the demo user', registered.error);
  await signIn(api);
  return { created: true, todos: await createTodos(api) };
}
