import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamError } from '@ficus/resilience';
import { FakeLlm } from '../../../test/support/fake-llm/index.js';
import { ChatCompletionsClient, type ChatClientSettings } from '../src/llm/chat-completions.client.js';
import { BREAKDOWN_SCHEMA } from '../src/llm/answer-schemas.js';

const request = { messages: [{ role: 'system' as const, content: 'Reply with {"subtasks":[]}' }, { role: 'user' as const, content: 'hi' }], schemaName: 'subtask_suggestions', schema: BREAKDOWN_SCHEMA };
const signal = () => AbortSignal.timeout(5000);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('ChatCompletionsClient against an OpenAI-compatible server', () => {
  const llm = new FakeLlm();
  let settings: ChatClientSettings;

  beforeAll(async () => {
    settings = { baseUrl: `${await llm.start()}/`, apiKey: 'sk-test', model: 'fake-model', responseFormat: 'json_schema', stream: true, maxOutputTokens: 500, reasoning: false };
  });
  afterAll(() => llm.stop());
  beforeEach(() => llm.reset());

  it.each([true, false])('reads the whole answer and the token usage (stream: %s)', async (stream) => {
    const answer = await new ChatCompletionsClient({ ...settings, stream }).complete(request, signal());
    expect(JSON.parse(answer.content)).toMatchObject({ subtasks: expect.any(Array) });
    expect(answer.usage).toEqual({ promptTokens: expect.any(Number), completionTokens: expect.any(Number) });
    expect(answer.finishReason).toBe('stop');
    const [sent] = llm.requests;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.authorization).toBe('Bearer sk-test');
    expect(sent.body).toMatchObject({ model: 'fake-model', messages: request.messages, response_format: { type: 'json_schema', json_schema: { name: 'subtask_suggestions', strict: true } } });
    expect(sent.body.stream === true).toBe(stream);
    if (stream) expect(sent.body.stream_options).toEqual({ include_usage: true });
  });

  it('hands each content delta to onToken as it arrives, before the stream has ended', async () => {
    llm.queue({ kind: 'answer', hold: true });
    const tokens: string[] = [];
    let heldWhenFirst: boolean | undefined;
    const answer = new ChatCompletionsClient(settings).complete(request, signal(), (text) => {
      heldWhenFirst ??= llm.holding;
      tokens.push(text);
      llm.release();
    });
    const { content } = await answer;
    expect(heldWhenFirst).toBe(true);
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe(content);
  });

  it('caps the answer with max_tokens at a low temperature, or for a reasoning model with max_completion_tokens alone', async () => {
    await new ChatCompletionsClient(settings).complete(request, signal());
    await new ChatCompletionsClient({ ...settings, reasoning: true }).complete(request, signal());
    const [chat, reasoning] = llm.requests.map(({ body }) => [body.max_tokens, body.max_completion_tokens, body.temperature]);
    expect(chat).toEqual([500, undefined, 0.2]);
    expect(reasoning).toEqual([undefined, 500, undefined]);
  });

  it('asks for any JSON object with AI_RESPONSE_FORMAT=json_object, and sends no key when none is set', async () => {
    await new ChatCompletionsClient({ ...settings, responseFormat: 'json_object', apiKey: undefined }).complete(request, signal());
    expect(llm.requests[0].body.response_format).toEqual({ type: 'json_object' });
    expect(llm.requests[0].authorization).toBeUndefined();
  });

  it('fails with the status and Retry-After of an error answer', async () => {
    llm.queue({ kind: 'status', status: 503 }, { kind: 'status', status: 429, retryAfter: '2' });
    const client = new ChatCompletionsClient(settings);
    expect(await failure(client.complete(request, signal()))).toMatchObject({ status: 503, dependency: 'llm' });
    const limited = await failure(client.complete(request, signal()));
    expect(limited).toBeInstanceOf(UpstreamError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 2000 });
  });

  it('detects a stream cut mid-way (no finish reason, no [DONE])', async () => {
    llm.queue({ kind: 'cut' });
    const error = await failure(new ChatCompletionsClient(settings).complete(request, signal()));
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(UpstreamError);
  });

  it('fails a whole answer cut mid-way', async () => {
    llm.queue({ kind: 'cut' });
    expect(await failure(new ChatCompletionsClient({ ...settings, stream: false }).complete(request, signal()))).toBeInstanceOf(UpstreamError);
  });

  it('gives up on a whole answer as soon as it grows past the cap, without reading the rest', async () => {
    const endless = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = `{"pad":"${'x'.repeat(16_000)}",`;
      const pump = (): void => {
        while (response.write(chunk));
        response.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((done) => endless.listen(0, '127.0.0.1', done));
    try {
      const baseUrl = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/v1/`;
      const error = await failure(new ChatCompletionsClient({ ...settings, baseUrl, stream: false }).complete(request, signal()));
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as Error).message).toMatch(/exceeds/);
    } finally {
      endless.closeAllConnections();
      await new Promise((done) => endless.close(done));
    }
  });

  it('stops waiting when its signal aborts', async () => {
    llm.queue({ kind: 'answer', delayMs: 5000 });
    const started = Date.now();
    const error = await failure(new ChatCompletionsClient(settings).complete(request, AbortSignal.timeout(200)));
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
