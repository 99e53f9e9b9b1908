import type { ClientProxy } from '@nestjs/microservices';
import { ResilienceRegistry } from '@ficus/resilience';
import type { PinoLogger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { concat, from, interval, map, NEVER, Observable, of, throwError } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import type { CallContext } from '../contracts/call-context.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { problemPattern, replyPattern, type ServiceCredential } from './message-envelope.js';
import { RemoteContextClient } from './remote-context.client.js';
import { serviceCredentials } from '../../../../test/support/service-credentials.js';

/** The apps of one deployment: the gateway calling, the context answering. */
const apps = serviceCredentials(['gateway', 'ai']);

const INVALID = { status: 502, type: 'ai-invalid-output', title: 'Bad Gateway', code: 'ai.invalid_output' };

/** One scripted item: signed at its position (or another), unsigned, forged, or a signed problem. */
type Item = { signed: string } | { signedAt: number; text: string } | { unsigned: string } | { forged: string } | 'problem' | 'stall' | 'trickle' | 'down';

/** A transport whose streamed replies the test scripts, item by item; the context signs like the real one. */
class ScriptedStreamProxy {
  script: Item[] = [];
  /** How many streams were asked for. */
  sent = 0;
  private readonly ai = apps.ai;
  /** A ai app of another deployment: same name, another key. */
  private readonly stranger = serviceCredentials(['gateway', 'ai']).ai;

  send(pattern: string, { call }: { call: CallContext }): Observable<unknown> {
    this.sent += 1;
    const replies = this.script.map((item, index): Observable<unknown> => {
      if (item === 'stall') return NEVER;
      if (item === 'down') return throwError(() => new Error('Empty response. There are no subscribers listening to that message.'));
      // A signed item every 20 ms, for ever: never idle, never done.
      if (item === 'trickle') return interval(20).pipe(map((n) => ({ ficusReply: n, credential: this.ai.sign('gateway', replyPattern(pattern, index + n), n, call) })));
      if (item === 'problem') return throwError(() => ({ ficusProblem: INVALID, credential: this.ai.sign('gateway', problemPattern(pattern), INVALID, call) }));
      if ('unsigned' in item) return from([{ ficusReply: item.unsigned }]);
      if ('forged' in item) return from([{ ficusReply: item.forged, credential: this.stranger.sign('gateway', replyPattern(pattern, index), item.forged, call) }]);
      const [body, at] = 'signed' in item ? [item.signed, index] : [item.text, item.signedAt];
      return from([{ ficusReply: body, credential: this.ai.sign('gateway', replyPattern(pattern, at), body, call) }]);
    });
    return concat(...replies);
  }

  /** The cancels the client sent, as the transport received them. */
  readonly cancels: { pattern: string; envelope: { payload: unknown; call: CallContext; credential: ServiceCredential } }[] = [];

  emit(pattern: string, envelope: { payload: unknown; call: CallContext; credential: ServiceCredential }): Observable<undefined> {
    this.cancels.push({ pattern, envelope });
    return of(undefined);
  }

  async close(): Promise<void> {}
}

const call = (deadlineInMs = 5000) => ({ requestId: 'r1', callId: 'c1', deadline: Date.now() + deadlineInMs });

/** Every item the stream passed on, and how it ended. */
function drain(stream: Observable<unknown>): Promise<{ items: unknown[]; error?: { getStatus(): number; code?: string } }> {
  const items: unknown[] = [];
  return new Promise((done) => {
    stream.subscribe({
      next: (item) => items.push(item),
      error: (error: unknown) => done({ items, error: error as { getStatus(): number; code?: string } }),
      complete: () => done({ items }),
    });
  });
}

describe('RemoteContextClient streaming a reply', () => {
  let proxy: ScriptedStreamProxy;
  let client: RemoteContextClient;
  let resilience: ResilienceRegistry;
  let warnings: jest.Mock;
  beforeEach(() => {
    proxy = new ScriptedStreamProxy();
    resilience = new ResilienceRegistry({ registry: new Registry() });
    warnings = jest.fn();
    const logger = { setContext: () => undefined, warn: warnings } as unknown as PinoLogger;
    client = new RemoteContextClient('ai', proxy as unknown as ClientProxy, {
      credentials: apps.gateway,
      timeoutMs: 200,
      streamIdleTimeoutMs: 50,
      readiness: new ReadinessRegistry(),
      logger,
      resilience,
      config: Object.assign(new AppConfig(), { CONTEXT_BREAKER_VOLUME_THRESHOLD: 4, CONTEXT_BREAKER_RESET_TIMEOUT_MS: 300 }),
    });
  });
  afterEach(() => resilience.shutdown());
  const breaker = () => resilience.snapshot()['context:ai'];

  it('passes on every item the context signed, in order', async () => {
    proxy.script = [{ signed: 'a' }, { signed: 'b' }, { signed: 'c' }];
    expect(await drain(client.stream('ai.s', {}, call()))).toEqual({ items: ['a', 'b', 'c'] });
  });

  it('stops at an unsigned, forged or misplaced item: 503, never data', async () => {
    for (const bad of [{ unsigned: 'x' }, { forged: 'x' }, { signedAt: 0, text: 'x' }] satisfies Item[]) {
      proxy.script = [{ signed: 'a' }, bad, { signed: 'c' }];
      const { items, error } = await drain(client.stream('ai.s', {}, call()));
      expect([items, error?.getStatus(), error?.code]).toEqual([['a'], 503, 'context.unavailable']);
    }
  });

  it('tells the context, signed, when the caller leaves before or after the first item, never after the end', async () => {
    proxy.script = ['stall'];
    const early = client.stream('ai.s', {}, call()).subscribe({ error: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 5));
    early.unsubscribe();
    proxy.script = [{ signed: 'a' }, 'stall'];
    const late = client.stream('ai.s', {}, call()).subscribe({ error: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 5));
    late.unsubscribe();
    expect(proxy.cancels.map(({ pattern }) => pattern)).toEqual(['ai.cancel', 'ai.cancel']);
    for (const { envelope } of proxy.cancels) expect(() => apps.ai.verify('ai.cancel', envelope.payload, envelope.call, envelope.credential, 'gateway')).not.toThrow();
    proxy.script = [{ signed: 'a' }, { signed: 'b' }];
    await drain(client.stream('ai.s', {}, call()));
    proxy.script = ['problem'];
    await drain(client.stream('ai.s', {}, call()));
    expect(proxy.cancels).toHaveLength(2);
  });

  it('raises a signed problem sent mid-stream as that problem', async () => {
    proxy.script = [{ signed: 'a' }, 'problem'];
    const { items, error } = await drain(client.stream('ai.s', {}, call()));
    expect([items, error?.getStatus(), error?.code]).toEqual([['a'], 502, 'ai.invalid_output']);
  });

  it('times out a stream that falls silent between items, or never starts within the deadline', async () => {
    proxy.script = [{ signed: 'a' }, 'stall'];
    const idle = await drain(client.stream('ai.s', {}, call()));
    expect([idle.items, idle.error?.getStatus(), idle.error?.code]).toEqual([['a'], 504, 'context.timeout']);
    proxy.script = ['stall'];
    const silent = await drain(client.stream('ai.s', {}, call(20)));
    expect([silent.items, silent.error?.code]).toEqual([[], 'context.timeout']);
    const expired = await drain(client.stream('ai.s', {}, call(-1)));
    expect(expired.error?.code).toBe('context.timeout');
  });

  it('ends a stream that goes on past its budget, however steadily items arrive', async () => {
    proxy.script = ['trickle'];
    const { items, error } = await drain(client.stream('ai.s', {}, call()));
    expect(items.length).toBeGreaterThan(3);
    expect([error?.getStatus(), error?.code]).toEqual([504, 'context.timeout']);
  });

  describe('behind the context’s circuit breaker', () => {
    it('counts streams that never start, then fails at once with 503 and Retry-After without sending', async () => {
      proxy.script = ['down'];
      for (let attempt = 0; attempt < 3; attempt += 1) expect((await drain(client.stream('ai.s', {}, call()))).error?.code).toBe('context.unavailable');
      proxy.script = ['stall'];
      expect((await drain(client.stream('ai.s', {}, call(20)))).error?.code).toBe('context.timeout');
      expect(breaker().state).toBe('open');
      proxy.script = [{ signed: 'a' }];
      const { items, error } = await drain(client.stream('ai.s', {}, call()));
      expect([items, error?.getStatus(), error?.code]).toEqual([[], 503, 'context.unavailable']);
      expect(proxy.sent).toBe(4);
    });

    it('closes again on a trial stream that answers and ends at once', async () => {
      proxy.script = ['down'];
      for (let attempt = 0; attempt < 4; attempt += 1) await drain(client.stream('ai.s', {}, call()));
      expect(breaker().state).toBe('open');
      await new Promise((resolve) => setTimeout(resolve, 350));
      // One item and the end in the same tick: the ending must not cancel the trial's success.
      proxy.script = [{ signed: 'a' }];
      expect(await drain(client.stream('ai.s', {}, call()))).toEqual({ items: ['a'] });
      // The breaker settles its trial a few promise turns after the stream ended.
      await new Promise((resolve) => setImmediate(resolve));
      expect(breaker().state).toBe('closed');
    });

    it('counts a started stream as a success, whatever happens after its first item', async () => {
      proxy.script = [{ signed: 'a' }, 'stall'];
      for (let attempt = 0; attempt < 5; attempt += 1) expect((await drain(client.stream('ai.s', {}, call()))).error?.code).toBe('context.timeout');
      expect(breaker()).toMatchObject({ state: 'closed', stats: { successes: 5, failures: 0 } });
    });

    it('never counts a signed problem, nor a caller who leaves before the first item', async () => {
      proxy.script = ['problem'];
      for (let attempt = 0; attempt < 5; attempt += 1) expect((await drain(client.stream('ai.s', {}, call()))).error?.code).toBe('ai.invalid_output');
      proxy.script = ['stall'];
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const subscription = client.stream('ai.s', {}, call()).subscribe({ error: () => undefined });
        await new Promise((resolve) => setTimeout(resolve, 5));
        subscription.unsubscribe();
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(breaker()).toMatchObject({ state: 'closed', stats: { failures: 0 } });
      // Nor is it a failed remote call in the log.
      expect(warnings).not.toHaveBeenCalled();
    });
  });
});
