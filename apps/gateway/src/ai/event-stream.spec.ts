import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { AiStreamEvent } from '@ficus/contracts/ai';
import { Subject } from 'rxjs';
import { eventStreamBody, opensDegraded, wantsEventStream } from './event-stream.js';

/** What the body has written so far, without waiting for its end. */
function written(body: Readable): string {
  let text = '';
  for (let chunk = body.read() as Buffer | null; chunk !== null; chunk = body.read() as Buffer | null) text += chunk.toString('utf8');
  return text;
}

const problemOf = (error: unknown) => ({ status: 502, detail: String(error) });

describe('AI answers as server-sent events', () => {
  it('streams only when the client asks for text/event-stream', () => {
    expect(wantsEventStream('text/event-stream')).toBe(true);
    expect(wantsEventStream('application/json, Text/Event-Stream;q=0.5')).toBe(true);
    expect(wantsEventStream('application/json')).toBe(false);
    expect(wantsEventStream(undefined)).toBe(false);
  });

  it('writes each event as it arrives, the result last', async () => {
    const events = new Subject<AiStreamEvent<{ ok: boolean }>>();
    const opening = eventStreamBody(events, problemOf);
    events.next({ type: 'token', text: '{"ok"' });
    const body = await opening;
    expect(written(body)).toBe('event: token\ndata: {"text":"{\\"ok\\""}\n\n');
    events.next({ type: 'result', result: { ok: true } });
    events.complete();
    expect(written(body)).toBe('event: result\ndata: {"ok":true}\n\n');
  });

  it('marks the rules fallback’s tokens, and tells a stream degraded from its first event', async () => {
    const events = new Subject<AiStreamEvent<{ ok: boolean }>>();
    const opening = eventStreamBody(events, problemOf);
    events.next({ type: 'token', text: '{', degraded: true });
    expect(written(await opening)).toBe('event: token\ndata: {"text":"{","degraded":true}\n\n');
    const answer = { degraded: false, generatedBy: 'llm' as const, model: 'm' };
    expect(opensDegraded({ type: 'token', text: 'a', degraded: true })).toBe(true);
    expect(opensDegraded({ type: 'token', text: 'a' })).toBe(false);
    expect(opensDegraded({ type: 'result', result: { ...answer, degraded: true } })).toBe(true);
    expect(opensDegraded({ type: 'result', result: answer })).toBe(false);
  });

  it('fails like a plain request before the first event, with an error event after it', async () => {
    const early = new Subject<AiStreamEvent<unknown>>();
    const refused = eventStreamBody(early, problemOf);
    early.error(new Error('not found'));
    await expect(refused).rejects.toThrow('not found');

    const late = new Subject<AiStreamEvent<unknown>>();
    const opening = eventStreamBody(late, problemOf);
    late.next({ type: 'token', text: 'Sure' });
    const body = await opening;
    late.error(new Error('invalid'));
    expect(written(body)).toBe('event: token\ndata: {"text":"Sure"}\n\nevent: error\ndata: {"status":502,"detail":"Error: invalid"}\n\n');
  });

  it('stops the work when the client goes away', async () => {
    const events = new Subject<AiStreamEvent<unknown>>();
    const opening = eventStreamBody(events, problemOf);
    events.next({ type: 'token', text: 'a' });
    (await opening).destroy();
    await new Promise((done) => setImmediate(done));
    expect(events.observed).toBe(false);
  });

  it('stops the work when the client goes away before the first event, and settles with an empty body', async () => {
    const events = new Subject<AiStreamEvent<unknown>>();
    const response = new EventEmitter();
    const opening = eventStreamBody(events, problemOf, response);
    expect(events.observed).toBe(true);
    response.emit('close');
    expect(events.observed).toBe(false);
    const body = await opening;
    expect(body.readableEnded || body.read() === null).toBe(true);
    expect(response.listenerCount('close')).toBe(0);
  });
});
