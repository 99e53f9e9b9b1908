import { randomBytes } from 'node:crypto';

const PASSWORD = 'a sturdy passphrase 42';

async function postJson(baseUrl: string, path: string, body: unknown, expectStatus: number): Promise<unknown> {
  const response = await fetch(new URL(path, baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status !== expectStatus) throw new Error(`POST ${path} answered ${response.status}, expected ${expectStatus}: ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/**
 * Registers a fresh account and logs in; returns the access token. The email is unique per run
 * so a kept benchmark database (DATABASE_URL) never answers 409 on a second run.
 */
export async function signIn(baseUrl: string): Promise<string> {
  const email = `bench-${Date.now()}-${randomBytes(4).toString('hex')}@example.com`;
  await postJson(baseUrl, '/auth/register', { email, password: PASSWORD }, 201);
  const tokens = await postJson(baseUrl, '/auth/login', { email, password: PASSWORD }, 200);
  const accessToken = typeof tokens === 'object' && tokens !== null && 'accessToken' in tokens ? tokens.accessToken : undefined;
  if (typeof accessToken !== 'string') throw new Error('POST /auth/login returned no accessToken');
  return accessToken;
}

const PRIORITIES = ['low', 'medium', 'high'] as const;

/**
 * Creates `count` todos for the token's user through `POST /todos` (a few at a time) and returns
 * their ids in creation order. Varied fields, so rows carry descriptions, due dates and tags
 * like real ones and the JSON is not trivially small.
 */
export async function seedTodos(baseUrl: string, token: string, count: number): Promise<string[]> {
  const ids = Array.from<string>({ length: count });
  const create = async (index: number): Promise<void> => {
    const body = {
      title: `Benchmark todo ${index + 1}`,
      ...(index % 2 === 0 ? { description: `Seeded by npm run bench; item ${index + 1} of ${count}.` } : {}),
      ...(index % 3 === 0 ? { dueAt: new Date(Date.UTC(2027, 0, 1 + (index % 28))).toISOString() } : {}),
      priority: PRIORITIES[index % PRIORITIES.length],
      tags: index % 4 === 0 ? ['bench', `group-${index % 10}`] : ['bench'],
    };
    const response = await fetch(new URL('/todos', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`POST /todos answered ${response.status}, expected 201: ${text.slice(0, 500)}`);
    const created = JSON.parse(text) as { id?: unknown };
    if (typeof created.id !== 'string') throw new Error('POST /todos returned no id');
    ids[index] = created.id;
  };
  // Sequential batches keep creation order (and so list order) predictable without being slow.
  for (let start = 0; start < count; start += 8) {
    await Promise.all(Array.from({ length: Math.min(8, count - start) }, (_, offset) => create(start + offset)));
  }
  return ids;
}
