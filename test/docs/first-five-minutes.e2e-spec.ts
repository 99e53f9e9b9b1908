import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gatewayApp } from '../../apps/gateway/src/gateway.app.js';
import { committedDocument } from '../../tools/openapi/files.js';
import { uniqueEmail } from '../e2e/suites/auth.suite.js';
import { exampleBody, filledPath, isSecured, operationsOf, type DocumentedOperation } from '../contract/openapi-requests.js';
import { generateSigningKeyPem } from '../support/jwt-keys.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);
const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');

/** The shell block of the README's "First five minutes" that calls the API. */
function walkthroughScript(): string {
  const section = README.slice(README.indexOf('\n## First five minutes\n'), README.indexOf('\n## Two commands\n'));
  const block = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]).find((code) => code.includes('curl'));
  if (!block) throw new Error('README: no curl walkthrough under "First five minutes"');
  return block;
}

const README_EMAIL = 'ada@example.com';
const README_PASSWORD = 'correct horse battery staple';

/**
 * Runs the walkthrough as written, with bash and curl, against `baseUrl` instead of
 * localhost:3000 and as `email` (the test database outlives one test); resolves the status of
 * every curl call, in order (curl writes it to stderr).
 */
async function walkThrough(baseUrl: string, email: string): Promise<number[]> {
  const script = walkthroughScript().replaceAll('localhost:3000', baseUrl.replace(/^http:\/\//, '')).replaceAll(README_EMAIL, email);
  const statusOnStderr = `curl() { command curl --write-out '%{stderr}%{http_code}\\n' "$@"; }\n`;
  const { stderr } = await run('bash', ['-euo', 'pipefail', '-c', statusOnStderr + script]);
  return stderr.trim().split('\n').map(Number);
}

/** Where a session is best left to the end: after it, the token or the todo is gone. */
const spendsTheSession = ({ method, path }: DocumentedOperation) => path.includes('logout') || method === 'DELETE';

/**
 * "Try it out" on every operation of the Swagger UI, as a person does it: the document's own
 * example bodies, no optional parameter, the README user's token where the operation is secured.
 */
async function trySwagger(baseUrl: string, email: string): Promise<Record<string, number>> {
  const login = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: README_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken?: string };
  const authorization = `Bearer ${accessToken}`;
  const todos = (await (await fetch(`${baseUrl}/todos`, { headers: { authorization } })).json()) as { items?: { id: string }[] };
  // Turned away (throttled, under the production limits), the session goes on with an id of nobody's.
  const id = todos.items?.[0]?.id ?? '00000000-0000-4000-8000-000000000000';
  const document = committedDocument();
  const operations = operationsOf(document).toSorted((a, b) => Number(spendsTheSession(a)) - Number(spendsTheSession(b)));
  const statuses: Record<string, number> = {};
  for (const documented of operations) {
    const body = exampleBody(document, documented.operation);
    const response = await fetch(`${baseUrl}${filledPath(documented.path, { id })}`, {
      method: documented.method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(isSecured(documented.operation) ? { authorization } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    await response.arrayBuffer();
    statuses[`${documented.method} ${documented.path}`] = response.status;
  }
  return statuses;
}

/** A few wrong passwords, then the right one: the statuses of them all. */
async function mistypePassword(baseUrl: string, email: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (const password of [...Array.from({ length: times }, (_, index) => `wrong password ${index}`), README_PASSWORD]) {
    const response = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

/**
 * One newcomer's first hour: the walkthrough twice, six wrong passwords and the right one, then
 * every "Try it out" (last: the example of a password change is the walkthrough's password).
 */
async function firstHour(baseUrl: string, email: string): Promise<number[]> {
  const first = await walkThrough(baseUrl, email);
  const second = await walkThrough(baseUrl, email);
  const logins = await mistypePassword(baseUrl, email, 6);
  return [...first, ...second, ...logins, ...Object.values(await trySwagger(baseUrl, email))];
}

/**
 * The README's "First five minutes", done as a newcomer does it, against a gateway hosting every
 * context: its curl walkthrough run as written (bash + curl), twice in a row, six wrong
 * passwords, and "Try it out" on every operation of Swagger UI. In development (what `npm start` runs)
 * none of it meets a 429; under the production limits the same hour does, so it is enough to
 * tell the two apart.
 */
describe("the README's first five minutes", () => {
  let gateway: TestApp | undefined;
  let mailDir: string;
  beforeAll(() => (mailDir = mkdtempSync(join(tmpdir(), 'ficus-walkthrough-mail-'))));
  afterEach(async () => {
    await gateway?.app.close();
    gateway = undefined;
  });
  afterAll(() => rmSync(mailDir, { recursive: true, force: true }));

  /** A gateway with its own rate-limit and throttle counts (a key prefix of its own in Redis). */
  const start = async (NODE_ENV: string) => {
    gateway = await startTestApp(
      gatewayApp,
      { NODE_ENV, AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem(), AUTH_MAIL_DIR: mailDir, REDIS_KEY_PREFIX: `walkthrough-${randomBytes(4).toString('hex')}:` },
      { listen: true },
    );
    return gateway.url;
  };

  it('works twice in a row, with every "Try it out" and a few wrong passwords, without a 429 in development', async () => {
    const baseUrl = await start('development');
    const email = uniqueEmail('walkthrough');
    const [first, second] = [await walkThrough(baseUrl, email), await walkThrough(baseUrl, email)];
    // health, register, login, create, list, summary; the second register finds the account.
    expect(first).toEqual([200, 201, 200, 201, 200, 200]);
    expect(second).toEqual([200, 409, 200, 201, 200, 200]);
    expect(await mistypePassword(baseUrl, email, 6)).toEqual([401, 401, 401, 401, 401, 401, 200]);
    const swagger = await trySwagger(baseUrl, email);
    expect(Object.keys(swagger)).toHaveLength(operationsOf(committedDocument()).length);
    expect(Object.entries(swagger).filter(([, status]) => status === 429)).toEqual([]);
  });

  it('meets 429s with the production limits (NODE_ENV=test keeps them): the same hour is enough to tell', async () => {
    const baseUrl = await start('test');
    expect(await firstHour(baseUrl, uniqueEmail('walkthrough'))).toContain(429);
  });
});
