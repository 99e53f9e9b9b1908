import type { ClientProxy } from '@nestjs/microservices';
import { ResilienceRegistry } from '@ficus/resilience';
import type { PinoLogger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { NEVER, Observable, of, throwError } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { RemoteContextClient } from './remote-context.client.js';
import type { CallContext } from '../contracts/call-context.js';
import { problemPattern, replyPattern } from './message-envelope.js';
import { NatsDisconnectedError } from './nats-link.js';
import { serviceCredentials } from '../../../../test/support/service-credentials.js';

/** The apps of one deployment: the gateway calling, the context answering. */
const apps = serviceCredentials(['gateway', 'todos']);

type Reply = 'ok' | 'down' | 'disconnected' | 'not-found' | 'silent' | 'unsigned' | 'forged' | 'forged-problem' | 'problem-as-reply' | 'reply-as-problem';

const NOT_FOUND = { status: 404, type: 'not-found', title: 'Not Found', code: 'todos.not_found' };

/** A transport whose every reply the test decides, counting what was sent; the context signs like the real one. */
class ScriptedProxy {
  reply: Reply = 'ok';
  readonly sent: string[] = [];
  /** The call context of each message sent, as it travelled. */
  readonly calls: CallContext[] = [];
  private readonly todos = apps.todos;
  /** A todos app of another deployment: same name, another key. */
  private readonly stranger = serviceCredentials(['gateway', 'todos']).todos;

  send(pattern: string, { call }: { call: CallContext }): Observable<unknown> {
    this.sent.push(pattern);
    this.calls.push(call);
    const signer = this.reply.startsWith('forged') ? this.stranger : this.todos;
    const sign = (body: unknown) => signer.sign('gateway', replyPattern(pattern), body, call);
    const signProblem = (body: unknown) => signer.sign('gateway', problemPattern(pattern), body, call);
    if (this.reply === 'disconnected') return throwError(() => new NatsDisconnectedError('to todos'));
    if (this.reply === 'down') return throwError(() => new Error('Empty response. There are no subscribers listening to that message.'));
    if (this.reply === 'not-found' || this.reply === 'forged-problem') return throwError(() => ({ ficusProblem: NOT_FOUND, credential: signProblem(NOT_FOUND) }));
    // The context's real signatures, each presented as the other kind of answer.
    if (this.reply === 'problem-as-reply') return of({ ficusReply: NOT_FOUND, credential: signProblem(NOT_FOUND) });
    if (this.reply === 'reply-as-problem') return throwError(() => ({ ficusProblem: NOT_FOUND, credential: sign(NOT_FOUND) }));
    if (this.reply === 'unsigned') return of({ ok: true });
    return this.reply === 'silent' ? NEVER : of({ ficusReply: { ok: true }, credential: sign({ ok: true }) });
  }

  /** The cancels the client sent, as the transport received them. */
  readonly cancels: { pattern: string; call: CallContext }[] = [];

  emit(pattern: string, { call }: { call: CallContext }): Observable<undefined> {
    this.cancels.push({ pattern, call });
    return of(undefined);
  }

  async close(): Promise<void> {}
}

async function failure(promise: Promise<unknown>): Promise<{ getStatus(): number; code?: string; retryAfterSeconds?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { getStatus(): number; code?: string; retryAfterSeconds?: number };
  }
  throw new Error('expected the call to fail');
}

const call = (deadlineInMs = 5000) => ({ requestId: 'r1', callId: 'c1', deadline: Date.now() + deadlineInMs });

describe('RemoteContextClient behind its circuit breaker', () => {
  let proxy: ScriptedProxy;
  let client: RemoteContextClient;
  let readiness: ReadinessRegistry;
  let resilience: ResilienceRegistry;
  let warnings: unknown[];
  beforeEach(() => {
    warnings = [];
    proxy = new ScriptedProxy();
    readiness = new ReadinessRegistry();
    resilience = new ResilienceRegistry({ registry: new Registry() });
    const config = Object.assign(new AppConfig(), { CONTEXT_BREAKER_VOLUME_THRESHOLD: 4, CONTEXT_BREAKER_RESET_TIMEOUT_MS: 5000 });
    const logger = { setContext: () => undefined, warn: (...line: unknown[]) => warnings.push(line) } as unknown as PinoLogger;
    client = new RemoteContextClient('todos', proxy as unknown as ClientProxy, {
      credentials: apps.gateway, timeoutMs: 100, readiness, logger, resilience, config,
    });
    client.onModuleInit();
  });
  afterEach(() => resilience.shutdown());

  it('never opens on business problems, which reach the caller unchanged', async () => {
    proxy.reply = 'not-found';
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const problem = await failure(client.call('todos.get', {}, call()));
      expect([problem.getStatus(), problem.code]).toEqual([404, 'todos.not_found']);
      // The context logged anything unexpected where it happened; the caller does not again.
      expect((problem as { relayed?: boolean }).relayed).toBe(true);
    }
    expect(proxy.sent).toHaveLength(10);
    expect(resilience.snapshot()['context:todos'].state).toBe('closed');
  });

  it('opens after transport failures, then answers 503 context.unavailable at once without sending', async () => {
    proxy.reply = 'down';
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await failure(client.call('todos.get', {}, call()))).code).toBe('context.unavailable');
    proxy.reply = 'silent';
    expect((await failure(client.call('todos.get', {}, call()))).code).toBe('context.timeout');
    expect(resilience.snapshot()['context:todos'].state).toBe('open');
    proxy.reply = 'ok';
    const open = await failure(client.call('todos.get', {}, call()));
    expect([open.getStatus(), open.code]).toEqual([503, 'context.unavailable']);
    expect(open.retryAfterSeconds).toBe(5);
    expect(proxy.sent).toHaveLength(4);
  });

  it('while its own NATS connection is down answers 503 at once, without a log line per call or opening the breaker', async () => {
    proxy.reply = 'disconnected';
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const refused = await failure(client.call('todos.get', {}, call()));
      expect([refused.getStatus(), refused.code, refused.retryAfterSeconds]).toEqual([503, 'context.unavailable', 1]);
    }
    // The connection logged its loss once; it says nothing about the context, so the breaker stays out of it.
    expect(warnings).toEqual([]);
    expect(resilience.snapshot()['context:todos'].state).toBe('closed');
    proxy.reply = 'ok';
    await expect(client.call('todos.get', {}, call())).resolves.toEqual({ ok: true });
  });

  it('pings for readiness past an open breaker, so /ready sees the context as it is', async () => {
    proxy.reply = 'down';
    for (let attempt = 0; attempt < 4; attempt += 1) await failure(client.call('todos.get', {}, call()));
    proxy.reply = 'ok';
    const [[, ping]] = readiness.entries();
    await expect(ping(new AbortController().signal)).resolves.toEqual({ ok: true });
    expect(proxy.sent.at(-1)).toBe('todos.ping');
  });

  it.each(['unsigned', 'forged', 'forged-problem', 'problem-as-reply', 'reply-as-problem'] as const)(
    'trusts only replies the context signed as what they are: %s is 503, never data',
    async (reply) => {
      proxy.reply = reply;
      const refused = await failure(client.call('todos.get', {}, call()));
      expect([refused.getStatus(), refused.code]).toEqual([503, 'context.unavailable']);
      proxy.reply = 'ok';
      await expect(client.call('todos.get', {}, call())).resolves.toEqual({ ok: true });
    },
  );

  it('vouches, as the edge, for the caller of every message it sends, cancels included; anonymous calls carry nothing', async () => {
    const caller = { userId: 'u1', roles: ['user'], sessionId: 's1' };
    await expect(client.call('todos.get', {}, { ...call(), caller })).resolves.toEqual({ ok: true });
    proxy.reply = 'silent';
    const leaving = new AbortController();
    const waiting = client.call('todos.get', {}, { ...call(), caller, signal: leaving.signal });
    while (proxy.sent.length < 2) await new Promise((done) => setImmediate(done));
    leaving.abort(new Error('the client left'));
    await expect(waiting).rejects.toThrow('the client left');
    proxy.reply = 'ok';
    await expect(client.call('todos.list', {}, call())).resolves.toEqual({ ok: true });
    const [answered, abandoned, anonymous] = proxy.calls;
    const [cancel] = proxy.cancels;
    expect(Object.keys(answered.attestations ?? {})).toEqual(['todos']);
    // What the todos app checks: each call context as it travelled, after a JSON round trip.
    for (const sent of [answered, abandoned, cancel.call]) expect(() => apps.todos.callers.check(JSON.parse(JSON.stringify(sent)) as CallContext)).not.toThrow();
    expect(anonymous).not.toHaveProperty('attestations');
  });

  it('answers an expired deadline with 504 without sending or counting it', async () => {
    const expired = await failure(client.call('todos.get', {}, call(-1)));
    expect([expired.getStatus(), expired.code]).toEqual([504, 'context.timeout']);
    expect(proxy.sent).toHaveLength(0);
    expect(resilience.snapshot()['context:todos'].stats.fires).toBe(0);
  });

  it('stops waiting when the caller leaves, tells the context, and counts nothing against the breaker', async () => {
    proxy.reply = 'silent';
    const leaving = new AbortController();
    const left = new Error('the client left');
    const waiting = client.call('todos.get', {}, { ...call(), signal: leaving.signal });
    while (proxy.sent.length === 0) await new Promise((done) => setImmediate(done));
    leaving.abort(left);
    await expect(waiting).rejects.toBe(left);
    // The signal stays in this process: the message and the cancel carry the call without it.
    expect(proxy.cancels.map(({ pattern, call: sent }) => [pattern, 'signal' in sent])).toEqual([['todos.cancel', false]]);
    const stats = resilience.snapshot()['context:todos'].stats;
    expect([stats.fires, stats.failures]).toEqual([1, 0]);
    // A caller that left already sends nothing at all.
    await expect(client.call('todos.get', {}, { ...call(), signal: AbortSignal.abort(left) })).rejects.toBe(left);
    expect(proxy.sent).toHaveLength(1);
  });
});
