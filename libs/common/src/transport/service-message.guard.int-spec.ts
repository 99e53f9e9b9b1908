import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { NatsContext } from '@nestjs/microservices';
import { Redis } from 'ioredis';
import { requireService } from '../../../../test/support/services.js';
import { serviceCredentials } from '../../../../test/support/service-credentials.js';
import { AppConfig } from '../config/app-config.js';
import type { CallContext } from '../contracts/call-context.js';
import { ProblemException } from '../errors/problem.exception.js';
import { ReplayCache } from './replay-cache.js';
import { ServiceMessageGuard } from './service-message.guard.js';
import { ServiceRights } from './service-rights.js';

const apps = serviceCredentials(['gateway', 'todos', 'ai']);
const config = Object.assign(new AppConfig(), { TODOS_TRANSPORT: 'nats', NATS_SUBJECT_PREFIX: 'guard-test.' });
const call = (): CallContext => ({ requestId: 'r1', callId: randomUUID(), deadline: Date.now() + 5000 });

/** A message on `subject` as a handler receives it over NATS, signed by `sender` (the gateway) for todos. */
function message(subject: string, payload: unknown = {}, sent = call(), sender: 'gateway' | 'ai' = 'gateway') {
  const envelope = JSON.parse(JSON.stringify({ payload, call: sent, credential: apps[sender].sign('todos', subject, payload, sent) })) as unknown;
  return () => {
    const host = new ExecutionContextHost([envelope, new NatsContext([subject, undefined])]);
    host.setType('rpc');
    return host;
  };
}

/** Whether the guard let the message in, or the code it refused it with. */
async function verdict(guard: ServiceMessageGuard, context: ExecutionContextHost): Promise<string> {
  try {
    return (await guard.canActivate(context)) ? 'admitted' : 'refused';
  } catch (error) {
    if (error instanceof ProblemException) return error.code ?? String(error.getStatus());
    throw error;
  }
}

describe('ServiceMessageGuard of two instances of a context, sharing Redis', () => {
  const redis = new Redis(requireService('REDIS_URL'), { maxRetriesPerRequest: 1 });
  // Two instances of the todos app: own guards, one Redis.
  const [first, second] = [0, 1].map(() => new ServiceMessageGuard(apps.todos, new ServiceRights(config), new ReplayCache(redis), config));
  afterAll(() => redis.quit());

  it('admits a message once, whichever instance it reaches again', async () => {
    const create = message('guard-test.todos.create', { title: 'Once' });
    expect([await verdict(first, create()), await verdict(second, create()), await verdict(first, create())]).toEqual(['admitted', 'service.replayed', 'service.replayed']);
  });

  it('lets every instance hear each cancel: the one doing the work may be any of them', async () => {
    const cancel = message('guard-test.todos.cancel');
    expect([await verdict(first, cancel()), await verdict(second, cancel())]).toEqual(['admitted', 'admitted']);
  });
});

describe('ServiceMessageGuard and the callers messages name', () => {
  const redis = new Redis(requireService('REDIS_URL'), { maxRetriesPerRequest: 1 });
  const guard = new ServiceMessageGuard(apps.todos, new ServiceRights(config), new ReplayCache(redis), config);
  const caller = { userId: randomUUID(), roles: ['user'], sessionId: randomUUID() };
  /** A message of the ai app's naming a caller the gateway never vouched for. */
  const unvouched = () => message('guard-test.todos.get', { id: randomUUID() }, { ...call(), caller }, 'ai')();
  afterAll(() => redis.quit());
  afterEach(() => jest.restoreAllMocks());

  it('acts for a caller only as the gateway vouched for it, whichever app relays the call context', async () => {
    const vouched = apps.gateway.callers.vouch({ ...call(), caller }, 'ai');
    const create = (sent: CallContext) => message('guard-test.todos.create', { title: 'x' }, sent, 'ai')();
    expect(await verdict(guard, create(vouched))).toBe('admitted');
    expect(await verdict(guard, unvouched())).toBe('service.unauthenticated');
    expect(await verdict(guard, create({ ...vouched, caller: { ...caller, userId: randomUUID() } }))).toBe('service.unauthenticated');
    expect(await verdict(guard, create({ ...vouched, deadline: vouched.deadline + 1 }))).toBe('service.unauthenticated');
    // Anonymous calls need no word of the gateway (rights keep what they may do to the gateway's patterns).
    expect(await verdict(guard, message('guard-test.todos.list', {}, call(), 'ai')())).toBe('admitted');
  });

  it('logs such refusals at most once per 10 s', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const fresh = new ServiceMessageGuard(apps.todos, new ServiceRights(config), new ReplayCache(redis), config);
    expect([await verdict(fresh, unvouched()), await verdict(fresh, unvouched())]).toEqual(['service.unauthenticated', 'service.unauthenticated']);
    expect(logged.mock.calls).toEqual([[expect.stringMatching(/^Refused guard-test\.todos\.get from the ai app: its caller is not vouched for by the gateway/)]]);
  });
});

describe('ServiceMessageGuard while Redis cannot answer', () => {
  // A Redis nobody listens at: with the platform's options, every command fails at once.
  const redis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on('error', () => undefined);
  const guard = new ServiceMessageGuard(apps.todos, new ServiceRights(config), new ReplayCache(redis), config);
  afterAll(() => redis.disconnect());

  it('lets reads and pings through (a repeat changes nothing) and refuses what changes data with 503', async () => {
    const verdicts = await Promise.all(
      ['todos.list', 'todos.get', 'todos.ping', 'todos.create', 'todos.update', 'todos.remove'].map((pattern) => verdict(guard, message(`guard-test.${pattern}`)())),
    );
    expect(verdicts).toEqual(['admitted', 'admitted', 'admitted', 'platform.store_unavailable', 'platform.store_unavailable', 'platform.store_unavailable']);
  });
});
