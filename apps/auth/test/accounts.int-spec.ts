import { hash } from '@node-rs/argon2';
import { AUTH_ERRORS } from '@ficus/contracts/auth';
import type { TestDatabase } from '../../../test/support/databases.js';
import { changeRole } from '../../../tools/auth/roles.js';
import { UsersRepository } from '../src/accounts/users.repository.js';
import { SessionService } from '../src/sessions/session.service.js';
import {
  accessTokenClaims,
  anonymousCall,
  authenticatedCall,
  createAuthDatabase,
  holdNextCall,
  problemOf,
  startAuthContext,
  strongPassword,
  uniqueEmail,
  type AuthHarness,
} from './support/auth-context.js';

const ADMIN_EMAIL = 'boss@example.com';
/** Listed in the former AUTH_ADMIN_EMAILS below: registering with it must not make an admin. */
const CLAIMED_ADMIN_EMAIL = 'first.admin@example.com';

describe('auth context: accounts', () => {
  let database: TestDatabase;
  let harness: AuthHarness;

  beforeAll(async () => {
    database = await createAuthDatabase('auth_accounts');
    // The variable that used to make these emails admins at sign-up; it must have no effect now.
    harness = await startAuthContext(database.url, { AUTH_ADMIN_EMAILS: CLAIMED_ADMIN_EMAIL });
  });
  afterAll(async () => {
    await harness?.close();
    await database?.drop();
  });

  /** Tokens of the admin account, created on first use. */
  async function adminTokens() {
    const password = strongPassword();
    const passwordHash = await harness.hasher.hash(password);
    await harness.prisma.user.upsert({ where: { email: ADMIN_EMAIL }, create: { email: ADMIN_EMAIL, passwordHash, roles: ['user', 'admin'] }, update: { passwordHash } });
    return harness.auth.login({ email: ADMIN_EMAIL, password }, anonymousCall());
  }

  describe('register', () => {
    it('stores the email trimmed and lower-cased and returns a JSON-safe view with role user', async () => {
      const email = uniqueEmail('ada');
      const view = await harness.auth.register({ email: `  ${email.toUpperCase()} `, password: strongPassword(), displayName: ' Ada ' }, anonymousCall());
      expect(view).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), email, displayName: 'Ada', roles: ['user'], createdAt: expect.any(String) });
      expect(JSON.parse(JSON.stringify(view))).toEqual(view);
      expect(new Date(view.createdAt).toISOString()).toBe(view.createdAt);
      // UUIDv7: the version nibble is 7.
      expect(view.id[14]).toBe('7');
    });

    it('refuses a second account for the same email, whatever its case, with 409 email_taken', async () => {
      const email = uniqueEmail();
      await harness.auth.register({ email, password: strongPassword() }, anonymousCall());
      const problem = await problemOf(harness.auth.register({ email: email.toUpperCase(), password: strongPassword() }, anonymousCall()));
      expect(problem).toMatchObject({ status: 409, code: AUTH_ERRORS.emailTaken });
    });

    it.each(['password123', 'iloveyou', 'Sunshine1', 'QWERTYUIOP'])('refuses the common password %s with 400 weak_password', async (password) => {
      const problem = await problemOf(harness.auth.register({ email: uniqueEmail(), password }, anonymousCall()));
      expect(problem).toMatchObject({ status: 400, code: AUTH_ERRORS.weakPassword, errors: [{ field: 'password', messages: [expect.stringMatching(/common/)] }] });
    });

    it('refuses 129 characters and 7 characters, accepts 64 and 128, and never trims', async () => {
      expect(await problemOf(harness.auth.register({ email: uniqueEmail(), password: 'x'.repeat(129) }, anonymousCall()))).toMatchObject({ status: 400, code: AUTH_ERRORS.weakPassword });
      expect(await problemOf(harness.auth.register({ email: uniqueEmail(), password: 'Ab3$efg' }, anonymousCall()))).toMatchObject({ status: 400, code: AUTH_ERRORS.weakPassword });
      for (const length of [64, 128]) {
        const email = uniqueEmail();
        const password = `${strongPassword()}${'z'.repeat(length)}`.slice(0, length);
        await harness.auth.register({ email, password }, anonymousCall());
        await expect(harness.auth.login({ email, password }, anonymousCall())).resolves.toMatchObject({ tokenType: 'Bearer' });
      }
      const email = uniqueEmail();
      const padded = `  ${strongPassword()}  `;
      await harness.auth.register({ email, password: padded }, anonymousCall());
      expect(await problemOf(harness.auth.login({ email, password: padded.trim() }, anonymousCall()))).toMatchObject({ status: 401 });
      await expect(harness.auth.login({ email, password: padded }, anonymousCall())).resolves.toBeDefined();
    });

    it('stores an Argon2id hash with the configured parameters, never the password', async () => {
      const email = uniqueEmail();
      const password = strongPassword();
      await harness.auth.register({ email, password }, anonymousCall());
      const row = await harness.prisma.user.findUniqueOrThrow({ where: { email } });
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.passwordHash).not.toContain(password);
    });
  });

  describe('login', () => {
    it('issues a token pair whose access token names the user, session and roles', async () => {
      const email = uniqueEmail();
      const password = strongPassword();
      const user = await harness.auth.register({ email, password }, anonymousCall());
      const tokens = await harness.auth.login({ email: ` ${email.toUpperCase()}`, password }, anonymousCall());
      expect(JSON.parse(JSON.stringify(tokens))).toEqual(tokens);
      expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      const claims = accessTokenClaims(tokens.accessToken);
      expect(claims).toMatchObject({ sub: user.id, roles: ['user'], sid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(new Date(tokens.accessTokenExpiresAt).getTime()).toBe(claims.exp * 1000);
    });

    it('answers a wrong password and an unknown email with the same 401 invalid_credentials', async () => {
      const email = uniqueEmail();
      await harness.auth.register({ email, password: strongPassword() }, anonymousCall());
      const wrongPassword = await problemOf(harness.auth.login({ email, password: strongPassword() }, anonymousCall()));
      const unknownEmail = await problemOf(harness.auth.login({ email: uniqueEmail('nobody'), password: strongPassword() }, anonymousCall()));
      expect(wrongPassword).toEqual(unknownEmail);
      expect(wrongPassword).toMatchObject({ status: 401, code: AUTH_ERRORS.invalidCredentials });
    });

    it('verifies an unknown email against the dummy hash, so it costs what a real check costs', async () => {
      const verify = jest.spyOn(harness.hasher, 'verify');
      try {
        await problemOf(harness.auth.login({ email: uniqueEmail('nobody'), password: strongPassword() }, anonymousCall()));
        expect(verify).toHaveBeenCalledTimes(1);
        expect(verify.mock.calls[0][0]).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      } finally {
        verify.mockRestore();
      }
    });

    it('re-hashes a stored hash made with other parameters on a successful login', async () => {
      const email = uniqueEmail();
      const password = strongPassword();
      await harness.auth.register({ email, password }, anonymousCall());
      const weaker = await hash(password, { memoryCost: 7168, timeCost: 5, parallelism: 1 });
      await harness.prisma.user.update({ where: { email }, data: { passwordHash: weaker } });
      const call = anonymousCall();
      await harness.auth.login({ email, password }, call);
      const { passwordHash } = await harness.prisma.user.findUniqueOrThrow({ where: { email } });
      expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(harness.logs.forRequest(call.requestId).some((line) => line.event === 'auth.password.rehashed')).toBe(true);
      await expect(harness.auth.login({ email, password }, anonymousCall())).resolves.toBeDefined();
    });

    it('logs the login with user, session and request id but no secrets', async () => {
      const email = uniqueEmail();
      const password = strongPassword();
      const user = await harness.auth.register({ email, password }, anonymousCall());
      const call = anonymousCall({ clientIp: '203.0.113.7' });
      const tokens = await harness.auth.login({ email, password }, call);
      const line = harness.logs.forRequest(call.requestId).find((entry) => entry.event === 'auth.login.succeeded');
      expect(line).toMatchObject({ level: 30, userId: user.id, sessionId: accessTokenClaims(tokens.accessToken).sid, clientIp: '203.0.113.7' });
      const text = JSON.stringify(harness.logs.forRequest(call.requestId));
      for (const secret of [password, tokens.accessToken, tokens.refreshToken]) expect(text).not.toContain(secret);
    });
  });

  /** An account with a signed-in session, and the change of its password that session asks for. */
  async function accountWithChange() {
    const credentials = { email: uniqueEmail(), password: strongPassword() };
    await harness.auth.register(credentials, anonymousCall());
    const current = await harness.auth.login(credentials, anonymousCall());
    return { credentials, current, change: () => harness.auth.changePassword({ currentPassword: credentials.password, newPassword: strongPassword() }, authenticatedCall(current)) };
  }

  describe('password change', () => {
    it('opens no session for a login that checked the old password before the change', async () => {
      const { credentials, change } = await accountWithChange();
      const checked = holdNextCall(harness.app.get(SessionService, { strict: false }), 'open');
      const racing = harness.auth.login(credentials, anonymousCall());
      await checked.reached;
      await change();
      checked.release();
      expect(await problemOf(racing)).toMatchObject({ status: 401, code: AUTH_ERRORS.invalidCredentials });
    });

    it('ends a session a login opened with the old password while the change was under way', async () => {
      const { credentials, current, change } = await accountWithChange();
      const othersEnded = holdNextCall(harness.app.get(UsersRepository, { strict: false }), 'setPassword');
      const changing = change();
      await othersEnded.reached;
      const late = await harness.auth.login(credentials, anonymousCall());
      othersEnded.release();
      await changing;
      expect(await problemOf(harness.auth.refresh({ refreshToken: late.refreshToken }, anonymousCall()))).toMatchObject({ status: 401 });
      await expect(harness.revocations.isRevoked(accessTokenClaims(late.accessToken).sid)).resolves.toBe(true);
      await expect(harness.auth.refresh({ refreshToken: current.refreshToken }, anonymousCall())).resolves.toBeDefined();
    });

    it('never lets a late re-hash of the old password undo the change', async () => {
      const credentials = { email: uniqueEmail(), password: strongPassword() };
      const user = await harness.auth.register(credentials, anonymousCall());
      const current = await harness.auth.login(credentials, anonymousCall());
      const checkedHash = (await harness.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
      const newPassword = strongPassword();
      await harness.auth.changePassword({ currentPassword: credentials.password, newPassword }, authenticatedCall(current));
      // What a login that checked the old password would write after re-hashing it, arriving late.
      await harness.app.get(UsersRepository, { strict: false }).rehash(user.id, checkedHash, await harness.hasher.hash(credentials.password));
      expect(await problemOf(harness.auth.login(credentials, anonymousCall()))).toMatchObject({ status: 401 });
      await expect(harness.auth.login({ email: credentials.email, password: newPassword }, anonymousCall())).resolves.toBeDefined();
    });
  });

  describe('roles and admins', () => {
    it('gives every new account the user role only, whatever its email (emails are not verified)', async () => {
      const password = strongPassword();
      const view = await harness.auth.register({ email: CLAIMED_ADMIN_EMAIL, password }, anonymousCall());
      expect(view.roles).toEqual(['user']);
      const tokens = await harness.auth.login({ email: CLAIMED_ADMIN_EMAIL, password }, anonymousCall());
      expect(accessTokenClaims(tokens.accessToken).roles).toEqual(['user']);
      expect(await problemOf(harness.auth.listUsers({}, authenticatedCall(tokens)))).toMatchObject({ status: 403, code: AUTH_ERRORS.forbidden });
    });

    it('puts a role the operator grants into the next login and refresh, and drops a revoked one the same way', async () => {
      const email = uniqueEmail('operator-made');
      const password = strongPassword();
      await harness.auth.register({ email, password }, anonymousCall());
      const before = await harness.auth.login({ email, password }, anonymousCall());
      await changeRole(database.url, { action: 'grant', email, role: 'admin' });
      const login = await harness.auth.login({ email, password }, anonymousCall());
      expect(accessTokenClaims(login.accessToken).roles).toEqual(['user', 'admin']);
      await expect(harness.auth.listUsers({ limit: 1 }, authenticatedCall(login))).resolves.toMatchObject({ items: [expect.any(Object)] });
      const refreshed = await harness.auth.refresh({ refreshToken: before.refreshToken }, anonymousCall());
      expect(accessTokenClaims(refreshed.accessToken).roles).toEqual(['user', 'admin']);
      await changeRole(database.url, { action: 'revoke', email, role: 'admin' });
      const demoted = await harness.auth.refresh({ refreshToken: login.refreshToken }, anonymousCall());
      expect(accessTokenClaims(demoted.accessToken).roles).toEqual(['user']);
    });
  });

  describe('me and listUsers', () => {
    it('shows the caller their account; anonymous calls get 401 unauthenticated', async () => {
      const email = uniqueEmail();
      const password = strongPassword();
      const user = await harness.auth.register({ email, password }, anonymousCall());
      const tokens = await harness.auth.login({ email, password }, anonymousCall());
      await expect(harness.auth.me({}, authenticatedCall(tokens))).resolves.toEqual(user);
      expect(await problemOf(harness.auth.me({}, anonymousCall()))).toMatchObject({ status: 401, code: AUTH_ERRORS.unauthenticated });
    });

    it('lists users only for admins: 403 forbidden for a user, 401 for anonymous', async () => {
      const email = uniqueEmail();
      const password = strongPassword();
      await harness.auth.register({ email, password }, anonymousCall());
      const tokens = await harness.auth.login({ email, password }, anonymousCall());
      expect(await problemOf(harness.auth.listUsers({}, authenticatedCall(tokens)))).toMatchObject({ status: 403, code: AUTH_ERRORS.forbidden });
      expect(await problemOf(harness.auth.listUsers({}, anonymousCall()))).toMatchObject({ status: 401, code: AUTH_ERRORS.unauthenticated });
    });

    it('pages through every user newest first with an opaque cursor', async () => {
      const admin = await adminTokens();
      for (let index = 0; index < 3; index++) await harness.auth.register({ email: uniqueEmail('page'), password: strongPassword() }, anonymousCall());
      const everyone = await harness.prisma.user.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await harness.auth.listUsers({ limit: 2, cursor }, authenticatedCall(admin));
        expect(JSON.parse(JSON.stringify(page))).toEqual(page);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((user) => user.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(everyone.map((user) => user.id));
      expect(everyone.length).toBeGreaterThan(4);
    });

    it('rejects a cursor it did not make with 400', async () => {
      const admin = await adminTokens();
      expect(await problemOf(harness.auth.listUsers({ cursor: 'bm9wZQ' }, authenticatedCall(admin)))).toMatchObject({ status: 400, errors: [{ field: 'cursor' }] });
    });
  });

  it('publishes a JWKS whose key signed the access tokens', async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    await harness.auth.register({ email, password }, anonymousCall());
    const tokens = await harness.auth.login({ email, password }, anonymousCall());
    const header = JSON.parse(Buffer.from(tokens.accessToken.split('.')[0], 'base64url').toString('utf8'));
    const jwks = await harness.auth.jwks({}, anonymousCall());
    expect(JSON.parse(JSON.stringify(jwks))).toEqual(jwks);
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: header.kid, kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});
