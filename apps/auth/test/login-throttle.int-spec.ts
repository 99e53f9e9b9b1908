import { randomBytes } from 'node:crypto';
import { AUTH_ERRORS } from '@ficus/contracts/auth';
import { Redis } from 'ioredis';
import type { TestDatabase } from '../../../test/support/databases.js';
import { requireService } from '../../../test/support/services.js';
import { LOGIN_FAILURE_KEY_PREFIX } from '../src/throttling/login-throttle.js';
import { anonymousCall, authenticatedCall, createAuthDatabase, problemOf, startAuthContext, strongPassword, uniqueEmail, type AuthHarness } from './support/auth-context.js';

const WINDOW_S = 900;

/** Four random hex digits without a leading zero, so addresses are already in normalised form. */
const group = (): string => (0x1000 + (randomBytes(2).readUInt16BE() % 0xf000)).toString(16);

/** A client address no earlier run used: a fresh /64 of the IPv6 documentation prefix. */
function freshAddress(): string {
  return `2001:db8:${group()}:${group()}::1`;
}

describe.each([
  ['memory', () => ({ REDIS_URL: undefined })],
  ['Redis', () => ({ REDIS_URL: requireService('REDIS_URL') })],
])('auth context: login throttling (%s counters)', (store, storeEnv) => {
  let database: TestDatabase;
  let harness: AuthHarness;

  beforeAll(async () => {
    database = await createAuthDatabase(`auth_throttle_${store.toLowerCase()}`);
    harness = await startAuthContext(database.url, storeEnv());
  });
  afterAll(async () => {
    await harness?.close();
    await database?.drop();
  });

  async function account(): Promise<{ email: string; password: string }> {
    const email = uniqueEmail();
    const password = strongPassword();
    await harness.auth.register({ email, password }, anonymousCall());
    return { email, password };
  }

  const login = (email: string, password: string, clientIp?: string) => harness.auth.login({ email, password }, anonymousCall({ clientIp }));

  it('refuses the 6th attempt on an account with 429 login_throttled and Retry-After, without checking the password', async () => {
    const { email, password } = await account();
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await problemOf(login(email, strongPassword(), freshAddress()))).toMatchObject({ status: 401, code: AUTH_ERRORS.invalidCredentials });
    }
    const verify = jest.spyOn(harness.hasher, 'verify');
    try {
      const throttled = await problemOf(login(email, password, freshAddress()));
      expect(throttled).toMatchObject({ status: 429, code: AUTH_ERRORS.loginThrottled });
      expect(throttled.retryAfterSeconds).toBeGreaterThan(0);
      expect(throttled.retryAfterSeconds).toBeLessThanOrEqual(WINDOW_S);
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });

  it('lets at most 5 of 20 parallel wrong guesses at one account reach the password check', async () => {
    const { email } = await account();
    const verify = jest.spyOn(harness.hasher, 'verify');
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => problemOf(login(email, strongPassword(), freshAddress()))));
      expect(verify).toHaveBeenCalledTimes(5);
      expect(answers.filter((answer) => answer.status === 401)).toHaveLength(5);
      expect(answers.filter((answer) => answer.status === 429)).toHaveLength(15);
    } finally {
      verify.mockRestore();
    }
  });

  it('lets at most 5 of 20 parallel guesses from one address reach the password check, across accounts', async () => {
    const address = freshAddress();
    const verify = jest.spyOn(harness.hasher, 'verify');
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => problemOf(login(uniqueEmail('spray'), strongPassword(), address))));
      expect(verify).toHaveBeenCalledTimes(5);
      expect(answers.filter((answer) => answer.status === 429)).toHaveLength(15);
    } finally {
      verify.mockRestore();
    }
  });

  it('does not count successful logins against the address', async () => {
    const address = freshAddress();
    for (let signIn = 1; signIn <= 7; signIn++) {
      const { email, password } = await account();
      await expect(login(email, password, address)).resolves.toMatchObject({ tokenType: 'Bearer' });
    }
  });

  it('throttles an address that guesses across accounts, and only that address', async () => {
    const address = freshAddress();
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await problemOf(login(uniqueEmail('victim'), strongPassword(), address))).toMatchObject({ status: 401 });
    }
    const { email, password } = await account();
    // Same /64, another host: still the same client.
    const neighbour = address.replace(/::1$/, '::beef');
    expect(await problemOf(login(email, password, neighbour))).toMatchObject({ status: 429, code: AUTH_ERRORS.loginThrottled });
    await expect(login(email, password, freshAddress())).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('counts unknown emails like known ones, so throttling reveals nothing', async () => {
    const email = uniqueEmail('nobody');
    for (let attempt = 1; attempt <= 5; attempt++) await problemOf(login(email, strongPassword(), freshAddress()));
    expect(await problemOf(login(email, strongPassword(), freshAddress()))).toMatchObject({ status: 429, code: AUTH_ERRORS.loginThrottled });
  });

  it('forgets an account’s failures after a successful login', async () => {
    const { email, password } = await account();
    for (let attempt = 1; attempt <= 4; attempt++) await problemOf(login(email, strongPassword(), freshAddress()));
    await login(email, password, freshAddress());
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await problemOf(login(email, strongPassword(), freshAddress()))).toMatchObject({ status: 401 });
    }
    await expect(login(email, password, freshAddress())).resolves.toBeDefined();
  });

  it('throttles changePassword’s check of the current password like a login', async () => {
    const { email, password } = await account();
    const tokens = await login(email, password);
    const call = () => authenticatedCall(tokens, { clientIp: freshAddress() });
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await problemOf(harness.auth.changePassword({ currentPassword: strongPassword(), newPassword: strongPassword() }, call()))).toMatchObject({ status: 401 });
    }
    expect(await problemOf(harness.auth.changePassword({ currentPassword: password, newPassword: strongPassword() }, call()))).toMatchObject({ status: 429 });
  });

  if (store === 'memory') {
    it('lets the account try again once the window has passed (no permanent lockout)', async () => {
      const { email, password } = await account();
      for (let attempt = 1; attempt <= 5; attempt++) await problemOf(login(email, strongPassword(), freshAddress()));
      expect(await problemOf(login(email, password, freshAddress()))).toMatchObject({ status: 429 });
      harness.travel(WINDOW_S + 1);
      await expect(login(email, password, freshAddress())).resolves.toBeDefined();
    });
  } else {
    it('keeps the counters in Redis under ficus:auth:login-failures:, expiring with the window', async () => {
      const address = freshAddress();
      await problemOf(login(uniqueEmail('nobody'), strongPassword(), address));
      const redis = new Redis(requireService('REDIS_URL'));
      try {
        const key = `${LOGIN_FAILURE_KEY_PREFIX}ip:${address.replace(/::1$/, '')}::/64`;
        await expect(redis.get(key)).resolves.toBe('1');
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(WINDOW_S * 1000);
      } finally {
        redis.disconnect();
      }
    });
  }
});
