import { randomBytes } from 'node:crypto';
import { gatewayApp } from '../../apps/gateway/src/gateway.app.js';
import { changeRole } from '../../tools/auth/roles.js';
import { committedDocument } from '../../tools/openapi/files.js';
import { uniqueEmail } from '../e2e/suites/auth.suite.js';
import { generateSigningKeyPem } from '../support/jwt-keys.js';
import { resetLinkIn, startSmtpCapture, tokenOf, type SmtpCapture } from '../support/smtp-capture.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { OpenApiChecker, type Answer } from './openapi-checker.js';
import { exampleBody, filledPath, isSecured, operationsOf, otherSuccessMediaTypes, pathParameters, requiresFields, successStatus, type DocumentedOperation } from './openapi-requests.js';

const document = committedDocument();
const checker = new OpenApiChecker(document);
const PASSWORD = 'a sturdy passphrase 42';
/** An answer as a test writes it down. */
const answerOf = (status: number, headers: Record<string, string>, body: string): Answer => ({ status, headers: new Headers(headers), body });

/** A signed-up user, with a todo of their own. */
interface Caller {
  email: string;
  accessToken: string;
  refreshToken: string;
  todoId: string;
}

interface Request {
  path: Record<string, string>;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** The raw body and its type, instead of `body` as JSON. */
  raw?: { type: string; content: string };
}

/**
 * The contract test: every operation of the committed openapi.json is called on a real gateway
 * (real PostgreSQL, Redis and SMTP) with requests made from the document — its examples, its
 * security, its parameters — and every answer is checked against the document (status,
 * headers, body). Only what the running system alone knows (tokens, ids, a mailed reset token)
 * is filled in per operation.
 */
describe('the gateway answers as its committed OpenAPI document says', () => {
  let gateway: TestApp;
  let mail: SmtpCapture;
  const clientAddress = `2001:db8:${randomBytes(2).toString('hex')}::1`;

  beforeAll(async () => {
    mail = await startSmtpCapture();
    gateway = await startTestApp(
      gatewayApp,
      { AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem(), MAIL_URL: mail.url, TRUST_PROXY: '127.0.0.1', RATE_LIMIT_AUTH_LIMIT: '10000', RATE_LIMIT_API_LIMIT: '10000' },
      { listen: true },
    );
  });
  afterAll(async () => {
    await gateway?.app.close();
    await mail?.close();
  });

  /** Calls the operation and returns the answer once the checker has found nothing wrong with it. */
  async function call({ method, path }: DocumentedOperation, request: Request): Promise<Answer> {
    const body = request.raw ?? (request.body === undefined ? undefined : { type: 'application/json', content: JSON.stringify(request.body) });
    const response = await fetch(`${gateway.url}${filledPath(path, request.path)}`, {
      method,
      headers: {
        'x-forwarded-for': clientAddress,
        ...(body ? { 'content-type': body.type } : {}),
        ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
        ...request.headers,
      },
      body: body?.content,
    });
    const answer = { status: response.status, headers: response.headers, body: await response.text() };
    expect({ call: `${method} ${path}`, problems: checker.problems(method, path, answer) }).toEqual({ call: `${method} ${path}`, problems: [] });
    return answer;
  }

  const signedUp = async (): Promise<Caller> => {
    const email = uniqueEmail('contract');
    const json = { 'content-type': 'application/json', 'x-forwarded-for': clientAddress };
    await fetch(`${gateway.url}/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: PASSWORD }) });
    const tokens = (await (await fetch(`${gateway.url}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: PASSWORD }) })).json()) as Omit<Caller, 'email' | 'todoId'>;
    const todo = await fetch(`${gateway.url}/todos`, { method: 'POST', headers: { ...json, authorization: `Bearer ${tokens.accessToken}` }, body: JSON.stringify({ title: 'Contract' }) });
    return { email, ...tokens, todoId: ((await todo.json()) as { id: string }).id };
  };

  /** What only the running system knows, by operation: everything else comes from the document. */
  const known: Record<string, (caller: Caller, body: Record<string, unknown>) => Promise<Partial<Request>> | Partial<Request>> = {
    AuthController_register: (_caller, body) => ({ body: { ...body, email: uniqueEmail('registered') } }),
    AuthController_login: (caller) => ({ body: { email: caller.email, password: PASSWORD } }),
    AuthController_refresh: (caller) => ({ body: { refreshToken: caller.refreshToken } }),
    AuthController_forgot: (caller) => ({ body: { email: caller.email } }),
    AuthController_change: (_caller, body) => ({ body: { ...body, currentPassword: PASSWORD } }),
    AuthController_deleteAccount: (_caller, body) => ({ body: { ...body, currentPassword: PASSWORD } }),
    AuthController_reset: async (caller, body) => {
      await fetch(`${gateway.url}/auth/password/forgot`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: caller.email }) });
      const sent = await eventually(() => mail.messages.find((message) => message.to.includes(caller.email)) ?? Promise.reject(new Error('no mail yet')));
      return { body: { ...body, token: tokenOf(resetLinkIn(sent.raw)) } };
    },
    UsersController_list: async (caller) => {
      await changeRole(process.env.DATABASE_URL ?? '', { action: 'grant', email: caller.email, role: 'admin' });
      const login = await fetch(`${gateway.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: caller.email, password: PASSWORD }) });
      return { token: ((await login.json()) as { accessToken: string }).accessToken };
    },
  };

  it.each(operationsOf(document).map((entry) => [`${entry.method} ${entry.path}`, entry] as const))('%s', async (_name, entry) => {
    const { operation } = entry;
    const caller = await signedUp();
    const example = exampleBody(document, operation);
    const path = Object.fromEntries(pathParameters(operation).map((parameter) => [parameter.name, caller.todoId]));
    const accepted: Request = { path, body: example, token: isSecured(operation) ? caller.accessToken : undefined, ...(await known[operation.operationId ?? '']?.(caller, example ?? {})) };

    // What the document promises for the requests it describes: each answer is checked in `call`.
    for (const type of otherSuccessMediaTypes(operation)) expect((await call(entry, { ...accepted, headers: { accept: type } })).status).toBe(successStatus(operation));
    expect((await call(entry, accepted)).status).toBe(successStatus(operation));
    // Deleting the account ended the caller's sessions: the refusals are checked with another caller's token.
    if (operation.operationId === 'AuthController_deleteAccount') accepted.token = (await signedUp()).accessToken;
    // And for what it says the operation refuses.
    if (isSecured(operation)) expect((await call(entry, { ...accepted, token: undefined })).status).toBe(401);
    if (requiresFields(document, operation)) expect((await call(entry, { ...accepted, body: {} })).status).toBe(400);
    if (!['GET', 'HEAD'].includes(entry.method)) expect((await call(entry, { ...accepted, raw: { type: 'text/plain', content: 'hello' } })).status).toBe(415);
    for (const parameter of pathParameters(operation)) expect((await call(entry, { ...accepted, path: { ...path, [parameter.name]: 'not-an-id' } })).status).toBe(400);
  });

  it('refuses what the document does not describe', () => {
    const problem = JSON.stringify({ type: 'https://ficus.dev/problems/not-found', title: 'Not Found', status: 404 });
    const json = { 'content-type': 'application/problem+json', 'x-request-id': 'r1' };
    expect(checker.problems('GET', '/todos/{id}', answerOf(404, json, problem))).toEqual([]);
    expect(checker.problems('GET', '/todos/{id}', answerOf(418, json, problem))).toEqual([expect.stringMatching(/^status 418 is not documented/)]);
    expect(checker.problems('GET', '/todos/{id}', answerOf(404, { 'content-type': 'application/problem+json' }, problem))).toEqual(['header x-request-id is missing']);
    expect(checker.problems('GET', '/todos/{id}', answerOf(404, { ...json, 'x-ratelimit-limit': 'many' }, problem))).toEqual([expect.stringMatching(/^header X-RateLimit-Limit/)]);
    expect(checker.problems('GET', '/todos/{id}', answerOf(404, { ...json, 'content-type': 'text/html' }, '<h1>404</h1>'))).toEqual([expect.stringMatching(/^content type "text\/html" is not documented/)]);
    expect(checker.problems('GET', '/todos/{id}', answerOf(404, json, JSON.stringify({ title: 'Not Found' })))).toEqual([expect.stringMatching(/^body: .*type/)]);
    expect(checker.problems('DELETE', '/todos/{id}', answerOf(204, json, 'surprise'))).toEqual([expect.stringMatching(/^a body where none is documented/)]);
  });
});
