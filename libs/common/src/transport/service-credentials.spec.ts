import { ProblemException } from '../errors/problem.exception.js';
import { newServiceKey, servicePublicKeys } from '../../../../tools/start/dev-keys.js';
import { listedPublicKeys, serviceCredentials } from '../../../../test/support/service-credentials.js';
import { CREDENTIAL_MAX_SKEW_MS, ServiceCredentials } from './service-credentials.js';
import { parsePrivateKeys } from './service-keys.js';

const call = { requestId: 'req-1', callId: 'call-1', deadline: 2_000_000, caller: { userId: 'u1', roles: ['user'], sessionId: 's1' } };

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
  const { gateway, auth, todos, ai } = serviceCredentials(['gateway', 'auth', 'todos', 'ai'], clock);

  beforeEach(() => (now = 1_000_000));

  it('accepts what an app signed for it, after a JSON round trip', () => {
    const payload = { email: 'a@example.com', nested: { list: [1, 2] }, absent: undefined };
    const credential = gateway.sign('auth', 'auth.login', payload, call);
    const received = JSON.parse(JSON.stringify({ payload, call, credential })) as { payload: unknown; call: typeof call; credential: typeof credential };
    expect(() => auth.verify('auth.login', received.payload, received.call, received.credential)).not.toThrow();
    expect(received.credential).toMatchObject({ service: 'gateway', issuedAt: now, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('gives every message an id of its own', () => {
    expect(gateway.sign('auth', 'auth.me', {}, call).id).not.toBe(gateway.sign('auth', 'auth.me', {}, call).id);
  });

  it('refuses a missing credential, a changed payload, caller, pattern, id or sender', () => {
    const credential = gateway.sign('auth', 'auth.me', {}, call);
    expect(refusal(() => auth.verify('auth.me', {}, call, undefined)).getStatus()).toBe(401);
    expect(() => auth.verify('auth.me', { extra: 1 }, call, credential)).toThrow(ProblemException);
    const admin = { ...call, caller: { ...call.caller, roles: ['admin'] } };
    expect(() => auth.verify('auth.me', {}, admin, credential)).toThrow(ProblemException);
    expect(() => auth.verify('auth.users.list', {}, call, credential)).toThrow(ProblemException);
    expect(() => auth.verify('auth.me', {}, call, { ...credential, id: 'another' })).toThrow(ProblemException);
    expect(() => auth.verify('auth.me', {}, call, { ...credential, service: 'todos' })).toThrow(ProblemException);
  });

  it('covers the trace context: a receiver continues only the trace the sender put in the message', () => {
    const trace = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    const credential = gateway.sign('todos', 'todos.list', {}, call, trace);
    expect(() => todos.verify('todos.list', {}, call, credential, undefined, trace)).not.toThrow();
    expect(todos.accepts('todos.list', {}, call, credential, trace)).toBe(true);
    // Stripped, changed, or added to a message signed without one: refused.
    expect(() => todos.verify('todos.list', {}, call, credential)).toThrow(ProblemException);
    const other = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01' };
    expect(() => todos.verify('todos.list', {}, call, credential, undefined, other)).toThrow(ProblemException);
    const untraced = gateway.sign('todos', 'todos.list', {}, call);
    expect(() => todos.verify('todos.list', {}, call, untraced, undefined, trace)).toThrow(ProblemException);
  });

  it('lets an app speak only for itself: its key cannot pass as another app, nor its messages reach another receiver', () => {
    // The ai app claiming to be the gateway: its link to auth is not the gateway's.
    const asGateway = { ...ai.sign('auth', 'auth.me', {}, call), service: 'gateway' };
    expect(refusal(() => auth.verify('auth.me', {}, call, asGateway)).code).toBe('service.unauthenticated');
    // A message for todos means nothing to auth, although both know the gateway.
    expect(() => auth.verify('auth.me', {}, call, gateway.sign('todos', 'auth.me', {}, call))).toThrow(ProblemException);
    // A key nobody listed.
    const stranger = ServiceCredentials.fromConfig('gateway', { SERVICE_PRIVATE_KEYS: newServiceKey(), SERVICE_PUBLIC_KEYS: servicePublicKeys({ auth: newServiceKey() }).split(',') });
    expect(() => auth.verify('auth.me', {}, call, stranger.sign('auth', 'auth.me', {}, call))).toThrow(ProblemException);
    // The receiver may insist on the sender: a reply the caller expects from todos.
    expect(refusal(() => gateway.verify('todos.get#reply', {}, call, ai.sign('gateway', 'todos.get#reply', {}, call), 'todos')).detail).toMatch(/not signed by todos/);
    expect(() => gateway.verify('todos.get#reply', {}, call, todos.sign('gateway', 'todos.get#reply', {}, call), 'todos')).not.toThrow();
  });

  it('refuses stale credentials', () => {
    const credential = gateway.sign('auth', 'auth.me', {}, call);
    now += CREDENTIAL_MAX_SKEW_MS + 1;
    expect(refusal(() => auth.verify('auth.me', {}, call, credential)).detail).toMatch(/stale/);
  });

  it('rotates keys without downtime: the first keys sign, every listed pair verifies', () => {
    const [authOld, authNew, gatewayOld, gatewayNew] = [newServiceKey(), newServiceKey(), newServiceKey(), newServiceKey()];
    const oldGateway = new ServiceCredentials('gateway', parsePrivateKeys(gatewayOld), listedPublicKeys({ auth: [authOld], gateway: [gatewayOld] }), clock);
    // Auth mid-rotation of both keys: its new key first, the old one still accepted; both gateway keys listed.
    const rotating = new ServiceCredentials('auth', parsePrivateKeys(`${authNew}${authOld}`), listedPublicKeys({ auth: [authNew, authOld], gateway: [gatewayNew, gatewayOld] }), clock);
    const newGateway = new ServiceCredentials('gateway', parsePrivateKeys(gatewayNew), listedPublicKeys({ auth: [authNew, authOld], gateway: [gatewayNew] }), clock);
    expect(() => rotating.verify('auth.me', {}, call, oldGateway.sign('auth', 'auth.me', {}, call))).not.toThrow();
    expect(() => rotating.verify('auth.me', {}, call, newGateway.sign('auth', 'auth.me', {}, call))).not.toThrow();
    expect(() => newGateway.verify('auth.me#reply', {}, call, rotating.sign('gateway', 'auth.me#reply', {}, call), 'auth')).not.toThrow();
  });

  it('cannot sign without its own key and the receiver’s', () => {
    expect(() => ServiceCredentials.fromConfig('gateway', { SERVICE_PUBLIC_KEYS: [] }).sign('auth', 'auth.me', {}, call)).toThrow(/SERVICE_PRIVATE_KEYS/);
    expect(gateway.canReach('auth')).toBe(true);
    expect(serviceCredentials(['gateway']).gateway.canReach('auth')).toBe(false);
  });
});
