import { randomBytes } from 'node:crypto';
import type { HttpClient } from '../../support/http-client.js';
import { resetLinkIn, tokenOf, type SmtpCapture } from '../../support/smtp-capture.js';

export interface SuiteContext {
  http(): HttpClient;
  /** An email that AUTH_ADMIN_EMAILS makes an admin in this topology. */
  adminEmail: string;
}

export interface AuthSuiteContext extends SuiteContext {
  /** The SMTP server auth sends its mail to in this topology. */
  mail(): SmtpCapture;
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

    it('enforces roles on the admin endpoint', async () => {
      const user = await signUp(context.http());
      const denied = await context.http().get('/admin/users', { token: user.accessToken });
      expect(denied.status).toBe(403);
      expect(denied.body).toMatchObject({ code: 'auth.forbidden' });
      const admin = await signUp(context.http(), context.adminEmail);
      const page = await context.http().get<{ items: { email: string }[]; nextCursor: string | null }>('/admin/users?limit=2', { token: admin.accessToken });
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(2);
      expect(page.body.items[0].email).toBe(context.adminEmail);
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

    it('publishes the verification keys', async () => {
      const response = await context.http().get<{ keys: { kid: string; alg: string; d?: string }[] }>('/.well-known/jwks.json');
      expect(response.status).toBe(200);
      expect(response.body.keys.length).toBeGreaterThan(0);
      expect(response.body.keys[0]).toMatchObject({ alg: 'ES256', kty: 'EC', use: 'sig' });
      expect(response.body.keys.some((key) => 'd' in key)).toBe(false);
    });
  });
}
