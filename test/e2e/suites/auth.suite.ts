import { randomBytes } from 'node:crypto';
import type { AuthRole } from '@ficus/contracts/auth';
import { HttpClient } from '../../support/http-client.js';
import { resetLinkIn, tokenOf, type SmtpCapture } from '../../support/smtp-capture.js';

export interface SuiteContext {
  http(): HttpClient;
}

export interface AuthSuiteContext extends SuiteContext {
  /** The SMTP server auth sends its mail to in this topology. */
  mail(): SmtpCapture;
  /** Grants a role as an operator does (`npm run auth:role`), in this topology's auth database. */
  grantRole(email: string, role: AuthRole): Promise<void>;
}

/** Waits for the mail auth sends in the background after it answered. */
async function mailTo(mail: SmtpCapture, email: string, count = 1): Promise<string> {
  const until = Date.now() + 5000;
  for (;;) {
    const received = mail.messages.filter((message) => message.to.includes(email));
    if (received.length >= count) return received[count - 1].raw;
    if (Date.now() > until) throw new Error(`no mail #${count} to ${email}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

const PASSWORD = 'a sturdy passphrase 42';
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const uniqueEmail = (label: string) => `${label}-${randomBytes(5).toString('hex')}@example.com`;

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export async function signUp(http: HttpClient, email = uniqueEmail('user')): Promise<Tokens & { email: string }> {
  const registered = await http.post('/auth/register', { email, password: PASSWORD });
  expect(registered.status).toBe(201);
  const login = await http.post<Tokens>('/auth/login', { email, password: PASSWORD });
  expect(login.status).toBe(200);
  return { ...login.body, email };
}

/** Strips what legitimately differs between two responses (request ids). */
const withoutRequest = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

/** The auth API through the gateway; identical assertions in every topology. */
export function authSuite(context: AuthSuiteContext): void {
  describe('auth', () => {
    it('registers with a normalised email and shows the user without secrets', async () => {
      const email = uniqueEmail('Reg');
      const response = await context.http().post('/auth/register', { email: `  ${email.toUpperCase()} `, password: PASSWORD, displayName: ' Ada ' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.stringMatching(UUID), email: email.toLowerCase(), displayName: 'Ada', roles: ['user'], createdAt: expect.stringMatching(ISO_DATE) });
      const again = await context.http().post('/auth/register', { email, password: PASSWORD });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ status: 409, code: 'auth.email_taken' });
    });

    it('rejects invalid registrations with the offending fields', async () => {
      const response = await context.http().post('/auth/register', { email: 'not-an-email', password: 'short' });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const fields = (response.body.errors as { field: string }[]).map((error) => error.field).toSorted();
      expect(fields).toEqual(['email', 'password']);
    });

    it('answers an unknown email exactly like a wrong password', async () => {
      const { email } = await signUp(context.http());
      const wrong = await context.http().post('/auth/login', { email, password: 'not the password' });
      const unknown = await context.http().post('/auth/login', { email: uniqueEmail('ghost'), password: 'not the password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(withoutRequest(unknown.body)).toEqual(withoutRequest(wrong.body));
      expect(wrong.body).toMatchObject({ code: 'auth.invalid_credentials' });
    });

    it('issues tokens that open /auth/me, and refuses requests without one', async () => {
      const { accessToken, email } = await signUp(context.http());
      const me = await context.http().get('/auth/me', { token: accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ email, roles: ['user'] });
      const anonymous = await context.http().get('/auth/me');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ code: 'auth.unauthenticated' });
      const [header, payload, signature] = accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${signature}`;
      expect((await context.http().get('/auth/me', { token: tampered })).status).toBe(401);
    });

    it('rotates refresh tokens and revokes the session when a spent one is replayed', async () => {
      const first = await signUp(context.http());
      const rotated = await context.http().post<Tokens>('/auth/refresh', { refreshToken: first.refreshToken });
      expect(rotated.status).toBe(200);
      expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
      expect((await context.http().get('/auth/me', { token: rotated.body.accessToken })).status).toBe(200);
      const replay = await context.http().post('/auth/refresh', { refreshToken: first.refreshToken });
      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({ code: 'auth.invalid_refresh_token' });
      // The whole family is gone: the successor and the session's access tokens too.
      expect((await context.http().post('/auth/refresh', { refreshToken: rotated.body.refreshToken })).status).toBe(401);
      expect((await context.http().get('/auth/me', { token: rotated.body.accessToken })).status).toBe(401);
    });

    it('ends the session on logout: access and refresh tokens stop working at once', async () => {
      const session = await signUp(context.http());
      expect((await context.http().post('/auth/logout', undefined, { token: session.accessToken })).status).toBe(204);
      expect((await context.http().get('/auth/me', { token: session.accessToken })).status).toBe(401);
      expect((await context.http().post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    });

    it('enforces roles on the admin endpoint; admin comes from an operator, never from signing up', async () => {
      const user = await signUp(context.http());
      const denied = await context.http().get('/admin/users', { token: user.accessToken });
      expect(denied.status).toBe(403);
      expect(denied.body).toMatchObject({ code: 'auth.forbidden' });
      const future = await signUp(context.http(), uniqueEmail('admin'));
      expect((await context.http().get('/admin/users', { token: future.accessToken })).status).toBe(403);
      await context.grantRole(future.email, 'admin');
      // Roles go into tokens at login: the token from before the grant still lacks it.
      expect((await context.http().get('/admin/users', { token: future.accessToken })).status).toBe(403);
      const admin = await context.http().post<Tokens>('/auth/login', { email: future.email, password: PASSWORD });
      expect(admin.status).toBe(200);
      const page = await context.http().get<{ items: { email: string; createdAt: string }[]; nextCursor: string | null }>('/admin/users?limit=2', { token: admin.body.accessToken });
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(2);
      expect(page.body.items[0].createdAt >= page.body.items[1].createdAt).toBe(true);
      expect(typeof page.body.nextCursor).toBe('string');
    });

    it('resets a password through the mailed link, once, ending every session', async () => {
      const { email, accessToken } = await signUp(context.http());
      const ghost = await context.http().post('/auth/password/forgot', { email: uniqueEmail('ghost') });
      const forgot = await context.http().post('/auth/password/forgot', { email });
      expect([ghost.status, forgot.status]).toEqual([202, 202]);
      expect(forgot.body).toEqual(ghost.body);
      const token = tokenOf(resetLinkIn(await mailTo(context.mail(), email)));
      const reset = await context.http().post('/auth/password/reset', { token, newPassword: 'another sturdy passphrase' });
      expect(reset.status).toBe(204);
      expect((await context.http().get('/auth/me', { token: accessToken })).status).toBe(401);
      const again = await context.http().post('/auth/password/reset', { token, newPassword: 'yet another passphrase 7' });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ code: 'auth.invalid_reset_token' });
      expect((await context.http().post('/auth/login', { email, password: 'another sturdy passphrase' })).status).toBe(200);
    });

    it('throttles password guessing per account and per client address: 429 auth.login_throttled with Retry-After', async () => {
      // Clients of their own: their addresses (X-Forwarded-For) have no failures from other tests.
      const guesser = new HttpClient(context.http().baseUrl);
      const owner = new HttpClient(context.http().baseUrl);
      const victim = await signUp(guesser);
      for (let guess = 1; guess <= 5; guess++) {
        expect((await guesser.post('/auth/login', { email: victim.email, password: `wrong guess ${guess}` })).status).toBe(401);
      }
      const refused = await guesser.post('/auth/login', { email: victim.email, password: PASSWORD });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 429, code: 'auth.login_throttled' });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 900).toBe(true);
      // The account is throttled wherever the next attempt comes from, even with its password…
      expect((await owner.post('/auth/login', { email: victim.email, password: PASSWORD })).status).toBe(429);
      // …and the guessing address for every account, while other addresses sign in as usual.
      const bystander = await signUp(owner);
      expect((await guesser.post('/auth/login', { email: bystander.email, password: PASSWORD })).status).toBe(429);
    });

    it('ends every session of the user on logout-all', async () => {
      const first = await signUp(context.http());
      const second = await context.http().post<Tokens>('/auth/login', { email: first.email, password: PASSWORD });
      expect(second.status).toBe(200);
      expect((await context.http().post('/auth/logout-all', undefined, { token: first.accessToken })).status).toBe(204);
      for (const session of [first, second.body]) {
        expect((await context.http().get('/auth/me', { token: session.accessToken })).status).toBe(401);
        expect((await context.http().post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
      }
    });

    it('changes the password only with the current one, ending the other sessions and keeping this one', async () => {
      // A client of its own: the wrong password below counts against its address.
      const http = new HttpClient(context.http().baseUrl);
      const current = await signUp(http);
      const other = await http.post<Tokens>('/auth/login', { email: current.email, password: PASSWORD });
      const newPassword = 'a brand new passphrase 9';
      const wrong = await http.post('/auth/password/change', { currentPassword: 'not the password', newPassword }, { token: current.accessToken });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ code: 'auth.invalid_credentials' });
      expect((await http.post('/auth/password/change', { currentPassword: PASSWORD, newPassword }, { token: current.accessToken })).status).toBe(204);
      expect((await http.get('/auth/me', { token: current.accessToken })).status).toBe(200);
      expect((await http.post('/auth/refresh', { refreshToken: current.refreshToken })).status).toBe(200);
      expect((await http.get('/auth/me', { token: other.body.accessToken })).status).toBe(401);
      expect((await http.post('/auth/refresh', { refreshToken: other.body.refreshToken })).status).toBe(401);
      expect((await http.post('/auth/login', { email: current.email, password: newPassword })).status).toBe(200);
    });

    it('lets exactly one of 20 parallel refreshes with one token succeed, and then ends the session (reuse)', async () => {
      const session = await signUp(context.http());
      const answers = await Promise.all(Array.from({ length: 20 }, () => context.http().post<Tokens>('/auth/refresh', { refreshToken: session.refreshToken })));
      const winners = answers.filter((answer) => answer.status === 200);
      expect(winners).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 401 && (answer.body as unknown as { code: string }).code === 'auth.invalid_refresh_token')).toHaveLength(19);
      // The losers presented a spent token: the whole session ends, the winner's tokens with it.
      expect((await context.http().post('/auth/refresh', { refreshToken: winners[0].body.refreshToken })).status).toBe(401);
      expect((await context.http().get('/auth/me', { token: winners[0].body.accessToken })).status).toBe(401);
      expect((await context.http().get('/auth/me', { token: session.accessToken })).status).toBe(401);
    });

    it('refuses a refresh token presented as a bearer access token', async () => {
      const session = await signUp(context.http());
      const bearer = await context.http().get('/auth/me', { token: session.refreshToken });
      expect(bearer.status).toBe(401);
      expect(bearer.body).toMatchObject({ code: 'auth.unauthenticated' });
      // The mistake did not touch the session.
      expect((await context.http().post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(200);
    });

    it('publishes the verification keys', async () => {
      const response = await context.http().get<{ keys: { kid: string; alg: string; d?: string }[] }>('/.well-known/jwks.json');
      expect(response.status).toBe(200);
      expect(response.body.keys.length).toBeGreaterThan(0);
      expect(response.body.keys[0]).toMatchObject({ alg: 'ES256', kty: 'EC', use: 'sig' });
      expect(response.body.keys.some((key) => 'd' in key)).toBe(false);
    });
  });
}
