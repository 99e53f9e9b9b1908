import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Injectable, Module, type DynamicModule } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  AppConfig,
  ContextFacadesModule,
  facadeCallsToken,
  facadeProviders,
  InjectFacadeCalls,
  mapToProblem,
  MessageCall,
  MessageInput,
  ProblemException,
  type AppDefinition,
  type CallContext,
  type ContextBinding,
  type FacadeCallPipeline,
  type FacadeContract,
} from '@ficus/common';
import { CreateTodoCommand, TodoRef } from '@ficus/contracts/todos';
import { FICUS_APPS } from '../../apps/contexts.js';
import { GATEWAY_CALLS } from '../../apps/gateway/src/gateway.descriptor.js';
import type { Observable } from 'rxjs';
import { newServiceKey, servicePublicKeys } from '../../tools/start/dev-keys.js';
import { requireService } from '../support/services.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A context named todos (so the apps' rights to call it apply) whose methods each do one thing a
 * parity check needs: echo a validated input, answer with a Date and undefined fields, wait
 * for its deadline, refuse with a domain problem, fail unexpectedly.
 */
interface ProbeFacade {
  create(input: CreateTodoCommand, call: CallContext): Promise<unknown>;
  get(input: TodoRef, call: CallContext): Promise<unknown>;
  list(input: TodoRef, call: CallContext): Promise<unknown>;
  update(input: TodoRef, call: CallContext): Promise<unknown>;
  remove(input: TodoRef, call: CallContext): Promise<void>;
}

const PROBE_FACADE = Symbol('PROBE_FACADE');
const PROBE: FacadeContract<ProbeFacade> = {
  context: 'todos',
  token: PROBE_FACADE,
  patterns: GATEWAY_CALLS.todos,
  requests: { create: CreateTodoCommand, get: TodoRef, list: TodoRef, update: TodoRef, remove: TodoRef },
};

const AT = new Date('2026-12-07T05:00:00.000Z');

@Injectable()
class ProbeService implements ProbeFacade {
  async create(input: CreateTodoCommand) {
    return { title: input.title, isCommand: input instanceof CreateTodoCommand };
  }

  async get(input: TodoRef) {
    return { id: input.id, at: AT, missing: undefined, nested: { gone: undefined, kept: [AT] } };
  }

  list(_input: TodoRef, call: CallContext): Promise<unknown> {
    // Answers only when told nobody wants the answer any more (never, then).
    return new Promise((_resolve, reject) => call.signal?.addEventListener('abort', () => reject(new Error('stopped')), { once: true }));
  }

  async update(): Promise<unknown> {
    throw new ProblemException({ status: 412, type: 'precondition-failed', code: 'todos.version_mismatch', detail: 'The todo changed meanwhile.' });
  }

  async remove(): Promise<void> {
    throw new Error('an unexpected failure');
  }
}

@Module({ providers: facadeProviders(PROBE, ProbeService), exports: [PROBE_FACADE, facadeCallsToken(PROBE)] })
class ProbeContextModule {}

@Controller()
class ProbeMessagesController {
  constructor(@InjectFacadeCalls(PROBE) private readonly calls: FacadeCallPipeline<ProbeFacade>) {}

  @MessagePattern(PROBE.patterns.create)
  create(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<unknown> {
    return this.calls.run('create', input, call);
  }

  @MessagePattern(PROBE.patterns.get)
  get(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<unknown> {
    return this.calls.run('get', input, call);
  }

  @MessagePattern(PROBE.patterns.list)
  list(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<unknown> {
    return this.calls.run('list', input, call);
  }

  @MessagePattern(PROBE.patterns.update)
  update(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<unknown> {
    return this.calls.run('update', input, call);
  }

  @MessagePattern(PROBE.patterns.remove)
  remove(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<void> {
    return this.calls.run('remove', input, call);
  }
}

@Module({ imports: [ProbeContextModule], controllers: [ProbeMessagesController] })
class ProbeAppModule {}

const probeBinding: ContextBinding<ProbeFacade> = { context: 'todos', token: PROBE_FACADE, patterns: PROBE.patterns, local: ProbeContextModule };

/** The calling app: the probe's facade, in its process or a client of the probe app, per TODOS_TRANSPORT. */
class CallerModule {
  static forConfig(config: AppConfig): DynamicModule {
    return { module: CallerModule, imports: [ContextFacadesModule.forRoot([probeBinding], config)] };
  }
}

const probeApp: AppDefinition = { name: 'todos', apps: FICUS_APPS, module: ProbeAppModule, serves: 'todos' };
const callerApp: AppDefinition = { name: 'gateway', apps: FICUS_APPS, module: CallerModule, uses: ['todos'] };

/** What a caller sees of a call: the answer, or the problem the edge would render. */
async function outcomeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    return { answer: await promise };
  } catch (error) {
    const { problem, unexpected, retryAfterSeconds } = mapToProblem(error);
    return { problem: { ...problem, retryAfterSeconds }, logged: unexpected };
  }
}

const call = (deadlineMs = 5000): CallContext => ({ requestId: `parity-${randomBytes(4).toString('hex')}`, callId: randomUUID(), deadline: Date.now() + deadlineMs });

describe('a facade called in-process and over NATS', () => {
  const keys = { gateway: newServiceKey(), todos: newServiceKey() };
  const env = {
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: requireService('REDIS_URL'),
    NATS_URL: requireService('NATS_URL'),
    NATS_SUBJECT_PREFIX: `ficus-parity-${randomBytes(4).toString('hex')}.`,
    SERVICE_PUBLIC_KEYS: servicePublicKeys(keys),
  };
  const apps: TestApp[] = [];
  let local: ProbeFacade;
  let remote: ProbeFacade;

  beforeAll(async () => {
    apps.push(await startTestApp(probeApp, { ...env, TODOS_TRANSPORT: 'nats', SERVICE_PRIVATE_KEYS: keys.todos }));
    const overNats = await startTestApp(callerApp, { ...env, TODOS_TRANSPORT: 'nats', SERVICE_PRIVATE_KEYS: keys.gateway });
    const inProcess = await startTestApp(callerApp, { ...env, TODOS_TRANSPORT: 'local', SERVICE_PRIVATE_KEYS: keys.gateway });
    apps.push(overNats, inProcess);
    remote = overNats.app.get<ProbeFacade>(PROBE_FACADE);
    local = inProcess.app.get<ProbeFacade>(PROBE_FACADE);
  });

  afterAll(async () => {
    for (const { app } of apps.toReversed()) await app.close();
  });

  /** The outcome of the same call through both adapters: [in-process, over NATS]. */
  const both = (run: (facade: ProbeFacade) => Promise<unknown>) => Promise.all([outcomeOf(run(local)), outcomeOf(run(remote))]);

  it('validates the input against the contract alike (a class instance, or the same 400 and fields)', async () => {
    const [valid, validRemotely] = await both((facade) => facade.create({ title: '  Trimmed  ' } as CreateTodoCommand, call()));
    expect(valid).toEqual({ answer: { title: 'Trimmed', isCommand: true } });
    expect(validRemotely).toEqual(valid);
    const [invalid, invalidRemotely] = await both((facade) => facade.create({ title: 7, owner: 'me' } as unknown as CreateTodoCommand, call()));
    expect(invalid).toMatchObject({ problem: { status: 400, errors: expect.arrayContaining([expect.objectContaining({ field: 'title' }), expect.objectContaining({ field: 'owner' })]) } });
    expect(invalidRemotely).toEqual(invalid);
  });

  it('stops at the deadline alike: 504 context-timeout', async () => {
    const [late, lateRemotely] = await both((facade) => facade.list({ id: randomUUID() }, call(300)));
    const timeout = { status: 504, type: 'https://ficus.dev/problems/context-timeout' };
    expect(late).toMatchObject({ problem: timeout });
    // Over a transport the caller's own timer and the handler's (both at the deadline) race:
    // the answer is 504 context-timeout either way, coded `context.timeout` or `context.deadline_exceeded`.
    expect(lateRemotely).toMatchObject({ problem: timeout });
  });

  it('answers in JSON form alike: dates as ISO strings, no undefined fields', async () => {
    const id = randomUUID();
    const [answer, answerRemotely] = await both((facade) => facade.get({ id }, call()));
    expect(answer).toStrictEqual({ answer: { id, at: AT.toISOString(), nested: { kept: [AT.toISOString()] } } });
    expect(answerRemotely).toStrictEqual(answer);
  });

  it("raises the context's problem alike, and an unexpected failure as the same generic 500", async () => {
    const [refused, refusedRemotely] = await both((facade) => facade.update({ id: randomUUID() }, call()));
    expect(refused).toMatchObject({ problem: { status: 412, code: 'todos.version_mismatch', detail: 'The todo changed meanwhile.' }, logged: false });
    expect(refusedRemotely).toEqual(refused);
    const [failed, failedRemotely] = await both((facade) => facade.remove({ id: randomUUID() }, call()));
    expect(failed).toMatchObject({ problem: { status: 500, detail: 'An unexpected error occurred.' }, logged: false });
    expect(failedRemotely).toEqual(failed);
  });
});
