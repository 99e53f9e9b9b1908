import type { CallContext } from '../contracts/call-context.js';
import { ProblemException } from '../errors/problem.exception.js';
import { newServiceKey, servicePublicKeys } from '../../../../tools/start/dev-keys.js';
import { listedPublicKeys, serviceCredentials } from '../../../../test/support/service-credentials.js';
import { ServiceCredentials } from './service-credentials.js';
import { parsePrivateKeys, parsePublicKeys } from './service-keys.js';

const { gateway, auth, todos, ai } = serviceCredentials(['gateway', 'auth', 'todos', 'ai']);

const made = (): CallContext => ({
  requestId: 'req-1',
  callId: 'call-1',
  deadline: 2_000_000,
  caller: { userId: 'u1', roles: ['user'], sessionId: 's1' },
  clientIp: '192.0.2.1',
});

/** The call context as the receiving app parses it. */
const received = (call: CallContext): CallContext => JSON.parse(JSON.stringify(call)) as CallContext;

/** The code `check` refuses `call` with, or 'accepted'. */
function verdict(app: ServiceCredentials, call: CallContext): string {
  try {
    app.callers.check(received(call));
    return 'accepted';
  } catch (error) {
    if (error instanceof ProblemException) return `${error.getStatus()} ${error.code}`;
    throw error;
  }
}

describe('CallerAttestations', () => {
  it('vouches, at the edge, for the context called and every context it calls, and each of them accepts it', () => {
    const toAi = gateway.callers.vouch(made(), 'ai');
    expect(Object.keys(toAi.attestations ?? {}).toSorted()).toEqual(['ai', 'todos']);
    expect(verdict(ai, toAi)).toBe('accepted');
    // The ai app passes the call context on unchanged to todos, which checks its own attestation.
    expect(verdict(todos, toAi)).toBe('accepted');
    expect(ai.callers.vouch(toAi, 'todos')).toBe(toAi);
    expect(Object.keys(gateway.callers.vouch(made(), 'todos').attestations ?? {})).toEqual(['todos']);
  });

  it('needs nothing for anonymous calls, and adds nothing to them', () => {
    const anonymous: CallContext = { requestId: 'r', callId: 'c', deadline: 1 };
    expect(gateway.callers.vouch(anonymous, 'auth')).toBe(anonymous);
    expect(verdict(auth, anonymous)).toBe('accepted');
  });

  it('refuses a caller nobody vouched for, whatever app sends it', () => {
    expect(verdict(todos, made())).toBe('401 service.unauthenticated');
    // Only the edge vouches: the ai app passes call contexts on as they are.
    const fromAi = ai.callers.vouch(made(), 'todos');
    expect(fromAi.attestations).toBeUndefined();
    expect(verdict(todos, { ...made(), attestations: { todos: 'AAAA' } })).toBe('401 service.unauthenticated');
    expect(verdict(todos, { ...made(), attestations: ['x'] as unknown as Record<string, string> })).toBe('401 service.unauthenticated');
  });

  it('refuses an attestation with a changed caller, roles, call id, request id, deadline or client address', () => {
    const vouched = gateway.callers.vouch(made(), 'todos');
    const caller = vouched.caller as NonNullable<CallContext['caller']>;
    const changed: CallContext[] = [
      { ...vouched, caller: { ...caller, userId: 'u2' } },
      { ...vouched, caller: { ...caller, roles: ['user', 'admin'] } },
      { ...vouched, caller: { ...caller, sessionId: 's2' } },
      { ...vouched, callId: 'call-2' },
      { ...vouched, requestId: 'req-2' },
      { ...vouched, deadline: vouched.deadline + 60_000 },
      { ...vouched, clientIp: '198.51.100.7' },
      // Anything the edge did not put there.
      { ...vouched, caller: { ...caller, admin: true } as NonNullable<CallContext['caller']> },
    ];
    expect(changed.map((call) => verdict(todos, call))).toEqual(changed.map(() => '401 service.unauthenticated'));
    expect(verdict(todos, vouched)).toBe('accepted');
  });

  it('binds an attestation to its context: one for todos is worth nothing to auth', () => {
    const forTodos = gateway.callers.vouch(made(), 'todos');
    expect(verdict(auth, { ...forTodos, attestations: { auth: forTodos.attestations?.todos ?? '' } })).toBe('401 service.unauthenticated');
    expect(verdict(auth, forTodos)).toBe('401 service.unauthenticated');
  });

  it('cannot be made with another app’s key claiming to be the edge', () => {
    const aiKey = newServiceKey();
    const keys = { gateway: newServiceKey(), todos: newServiceKey(), ai: aiKey };
    const publicKeys = parsePublicKeys(servicePublicKeys(keys).split(','));
    const realTodos = new ServiceCredentials('todos', parsePrivateKeys(keys.todos), publicKeys);
    const aiAsGateway = new ServiceCredentials('gateway', parsePrivateKeys(aiKey), publicKeys);
    const forged = aiAsGateway.callers.vouch(made(), 'todos');
    expect(forged.attestations?.todos).toEqual(expect.any(String));
    expect(verdict(realTodos, forged)).toBe('401 service.unauthenticated');
    expect(verdict(realTodos, new ServiceCredentials('gateway', parsePrivateKeys(keys.gateway), publicKeys).callers.vouch(made(), 'todos'))).toBe('accepted');
  });

  it('is not the link’s message signature: neither passes as the other', () => {
    const vouched = gateway.callers.vouch(made(), 'todos');
    const signature = gateway.sign('todos', 'todos.get', {}, made()).signature;
    expect(vouched.attestations?.todos).not.toBe(signature);
    expect(verdict(todos, { ...made(), attestations: { todos: signature } })).toBe('401 service.unauthenticated');
  });

  it('rotates with the keys: the edge’s first keys vouch, every listed pair is accepted', () => {
    const [todosOld, todosNew, gatewayOld, gatewayNew] = [newServiceKey(), newServiceKey(), newServiceKey(), newServiceKey()];
    const oldGateway = new ServiceCredentials('gateway', parsePrivateKeys(gatewayOld), listedPublicKeys({ todos: [todosOld], gateway: [gatewayOld] }));
    const rotating = new ServiceCredentials('todos', parsePrivateKeys(`${todosNew}${todosOld}`), listedPublicKeys({ todos: [todosNew, todosOld], gateway: [gatewayNew, gatewayOld] }));
    const newGateway = new ServiceCredentials('gateway', parsePrivateKeys(gatewayNew), listedPublicKeys({ todos: [todosNew, todosOld], gateway: [gatewayNew] }));
    expect(verdict(rotating, oldGateway.callers.vouch(made(), 'todos'))).toBe('accepted');
    expect(verdict(rotating, newGateway.callers.vouch(made(), 'todos'))).toBe('accepted');
  });
});
