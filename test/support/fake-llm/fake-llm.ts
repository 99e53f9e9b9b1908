import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultAnswer, PROSE_ANSWER, type ChatBody, type LlmBehaviour, type RecordedRequest } from './behaviours.js';

const MODEL = 'fake-model';

/**
 * An OpenAI-compatible Chat Completions server for tests: real HTTP on loopback, real
 * server-sent events when the request asks for `stream: true`. Each test steers it by queueing
 * behaviours (consumed one per request; when the queue is empty the default answers), and
 * inspects what it received.
 */
export class FakeLlm {
  readonly requests: RecordedRequest[] = [];
  private readonly queued: LlmBehaviour[] = [];
  private fallback: LlmBehaviour = { kind: 'answer' };
  private readonly held: (() => void)[] = [];
  private readonly server: Server = createServer((request, response) => {
    this.open += 1;
    response.once('close', () => (this.open -= 1));
    void this.handle(request, response);
  });
  private open = 0;

  /** Requests whose response has not closed yet (the model is still "working" on them). */
  get openRequests(): number {
    return this.open;
  }

  /** Base URL for `AI_BASE_URL`, e.g. `http://127.0.0.1:41234/v1`. */
  url = '';

  async start(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  /** The next requests get these behaviours, in order. */
  queue(...behaviours: LlmBehaviour[]): void {
    this.queued.push(...behaviours);
  }

  /** What requests get once the queue is empty (initially a normal answer). */
  byDefault(behaviour: LlmBehaviour): void {
    this.fallback = behaviour;
  }

  /** Whether a stream is waiting for `release()` before it ends. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** Ends the streams held back by `hold`. */
  release(): void {
    for (const end of this.held.splice(0)) end();
  }

  /** Forgets queued behaviours and received requests, and answers normally again. */
  reset(): void {
    this.release();
    this.queued.length = 0;
    this.requests.length = 0;
    this.fallback = { kind: 'answer' };
  }

  /** Resolves on `release()`, or when the client has gone. */
  private hold(response: ServerResponse): Promise<void> {
    return new Promise((done) => {
      this.held.push(done);
      response.once('close', () => {
        this.held.splice(this.held.indexOf(done) >>> 0, 1);
        done();
      });
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const piece of request) chunks.push(piece as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ChatBody;
    this.requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body, receivedAt: Date.now() });
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const behaviour = this.queued.shift() ?? this.fallback;
    if (behaviour.kind === 'status') {
      const headers = { 'content-type': 'application/json', ...(behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {}) };
      response.writeHead(behaviour.status, headers).end(JSON.stringify({ error: { message: `fake ${behaviour.status}` } }));
      return;
    }
    if (behaviour.kind === 'answer' && behaviour.delayMs) {
      const waited = await delay(behaviour.delayMs, response);
      if (!waited) return;
    }
    const content = behaviour.kind === 'malformed' ? PROSE_ANSWER : behaviour.kind === 'answer' && behaviour.content !== undefined ? behaviour.content : defaultAnswer(body);
    const usage = { prompt_tokens: Math.ceil(JSON.stringify(body.messages ?? []).length / 4), completion_tokens: Math.ceil(content.length / 4) };
    const hold = behaviour.kind === 'answer' && behaviour.hold ? () => this.hold(response) : undefined;
    if (body.stream) await streamAnswer(response, content, usage, body.stream_options?.include_usage === true, behaviour.kind === 'cut', hold);
    else wholeAnswer(response, content, usage, behaviour.kind === 'cut');
  }
}

/** Waits, unless the client gives up first (then nothing is sent). */
function delay(ms: number, response: ServerResponse): Promise<boolean> {
  return new Promise((done) => {
    const timer = setTimeout(() => done(true), ms);
    response.once('close', () => {
      clearTimeout(timer);
      done(false);
    });
  });
}

type Usage = { prompt_tokens: number; completion_tokens: number };

function wholeAnswer(response: ServerResponse, content: string, usage: Usage, cut: boolean): void {
  const text = JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });
  if (!cut) {
    response.writeHead(200, { 'content-type': 'application/json' }).end(text);
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
  response.write(text.slice(0, text.length / 2), () => response.destroy());
}

/** One `data:` event of a completion stream. */
function streamEvent(choices: unknown[], extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', model: MODEL, choices, ...extra })}\n\n`;
}

async function streamAnswer(response: ServerResponse, content: string, usage: Usage, includeUsage: boolean, cut: boolean, hold?: () => Promise<void>): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const pieces = content.match(/[\s\S]{1,8}/g) ?? [];
  const events = pieces.map((piece, index) => streamEvent([{ index: 0, delta: index === 0 ? { role: 'assistant', content: piece } : { content: piece }, finish_reason: null }]));
  if (cut) {
    // Half the answer, then the connection drops: no finish reason, no [DONE].
    response.write(events.slice(0, Math.max(1, Math.floor(events.length / 2))).join(''), () => response.destroy());
    return;
  }
  if (hold) {
    // The whole content goes out now; the finish reason and [DONE] only once released.
    response.write(events.splice(0).join(''));
    await hold();
  }
  events.push(streamEvent([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  if (includeUsage) events.push(streamEvent([], { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }));
  events.push('data: [DONE]\n\n');
  if (!response.destroyed) response.end(events.join(''));
}
