import { ProblemException } from '../errors/problem.exception.js';
import { CREDENTIAL_MAX_SKEW_MS, ServiceCredentials } from './service-credentials.js';

const SECRET = 'a'.repeat(32);
const OTHER = 'b'.repeat(32);
const call = { requestId: 'req-1', deadline: 2_000_000, caller: { userId: 'u1', roles: ['user'], sessionId: 's1' } };

function refusal(action: () => void): ProblemException {
  try {
    action();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected the credential to be refused');
}

describe('ServiceCredentials', () => {
  let now = 1_000_000;
  const clock = () => now;
  const gateway = new ServiceCredentials([SECRET], 'gateway', clock);
  const auth = new ServiceCredentials([SECRET], 'auth', clock);

  beforeEach(() => (now = 1_000_000));

  it('accepts what a holder of the secret signed, after a JSON round trip', () => {
    const payload = { email: 'a@example.com', nested: { list: [1, 2] }, absent: undefined };
    const credential = gateway.sign('auth.login', payload, call);
    const received = JSON.parse(JSON.stringify({ payload, call, credential })) as { payload: unknown; call: typeof call; credential: typeof credential };
    expect(() => auth.verify('auth.login', received.payload, received.call, received.credential)).not.toThrow();
  });

  it('refuses a missing credential, another secret, a changed payload, caller, pattern or sender', () => {
    const credential = gateway.sign('auth.me', {}, call);
    expect(refusal(() => auth.verify('auth.me', {}, call, undefined)).getStatus()).toBe(401);
    const stranger = new ServiceCredentials([OTHER], 'gateway', clock).sign('auth.me', {}, call);
    expect(refusal(() => auth.verify('auth.me', {}, call, stranger)).code).toBe('service.unauthenticated');
    expect(() => auth.verify('auth.me', { extra: 1 }, call, credential)).toThrow(ProblemException);
    const admin = { ...call, caller: { ...call.caller, roles: ['admin'] } };
    expect(() => auth.verify('auth.me', {}, admin, credential)).toThrow(ProblemException);
    expect(() => auth.verify('auth.users.list', {}, call, credential)).toThrow(ProblemException);
    expect(() => auth.verify('auth.me', {}, call, { ...credential, service: 'todos' })).toThrow(ProblemException);
  });

  it('refuses stale credentials (replays outside the window)', () => {
    const credential = gateway.sign('auth.me', {}, call);
    now += CREDENTIAL_MAX_SKEW_MS + 1;
    expect(refusal(() => auth.verify('auth.me', {}, call, credential)).detail).toMatch(/stale/);
  });

  it('verifies with any configured secret, so secrets rotate without downtime', () => {
    const old = new ServiceCredentials([OTHER], 'gateway', clock).sign('auth.me', {}, call);
    const rotating = new ServiceCredentials([SECRET, OTHER], 'auth', clock);
    expect(() => rotating.verify('auth.me', {}, call, old)).not.toThrow();
    expect(() => rotating.verify('auth.me', {}, call, gateway.sign('auth.me', {}, call))).not.toThrow();
  });

  it('cannot sign without a secret', () => {
    expect(() => new ServiceCredentials([], 'gateway').sign('auth.me', {}, call)).toThrow(/SERVICE_SECRETS/);
  });
});
