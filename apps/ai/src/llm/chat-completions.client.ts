import type { AiResponseFormat } from '@ficus/common';
import { UpstreamError, upstreamErrorFromResponse } from '@ficus/resilience';
import { contentOf, errorIn, finishReasonOf, parseEnvelope, usageOf } from './chat-envelope.js';
import { readChatStream } from './chat-stream.reader.js';
import type { ChatAnswer, ChatRequest, TokenCallback } from './chat-types.js';
import { LLM_DEPENDENCY } from './llm-dependency.js';
import { readBoundedText } from './bounded-text.js';

/** Where and how to reach an OpenAI-compatible Chat Completions API. */
export interface ChatClientSettings {
  /** Up to and including `/v1`, e.g. `http://127.0.0.1:11434/v1` for Ollama. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  responseFormat: AiResponseFormat;
  /** Ask for a server-sent event stream (`stream: true`) rather than one JSON body. */
  stream: boolean;
  maxOutputTokens: number;
  /** A reasoning model: `max_completion_tokens`, and no `temperature` (it takes only its own). */
  reasoning: boolean;
}

/** Far above any answer `max_tokens` allows; guards memory against a runaway upstream. */
const MAX_ANSWER_CHARS = 200_000;
/** Low: answers should be focused and repeatable, not creative. */
const TEMPERATURE = 0.2;

/**
 * One call of `POST {baseUrl}/chat/completions`, as OpenAI, Ollama, vLLM and LM Studio serve
 * it, asking for JSON (`response_format`). It makes exactly one HTTP request: retries, timeouts
 * and the breaker belong to the caller's policy, which passes `signal`. Non-2xx answers become
 * `UpstreamError`s carrying the status and Retry-After; the answer text is returned unparsed.
 * `onToken` sees the text as it arrives: piece by piece from a stream, else all at once.
 */
export class ChatCompletionsClient {
  private readonly url: string;

  constructor(private readonly settings: ChatClientSettings) {
    this.url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  get model(): string {
    return this.settings.model;
  }

  async complete(request: ChatRequest, signal: AbortSignal, onToken?: TokenCallback): Promise<ChatAnswer> {
    try {
      return await this.exchange(request, signal, onToken);
    } catch (error) {
      // Given up by the caller: its reason stands. Otherwise a failure without an HTTP status is
      // the connection's (refused, reset, cut mid-answer), which the policy retries like a 5xx.
      if (signal.aborted || error instanceof UpstreamError) throw error;
      throw new UpstreamError('llm connection failed', { dependency: LLM_DEPENDENCY, cause: error });
    }
  }

  private async exchange(request: ChatRequest, signal: AbortSignal, onToken?: TokenCallback): Promise<ChatAnswer> {
    const response = await fetch(this.url, { method: 'POST', headers: this.headers(), body: JSON.stringify(this.body(request)), signal });
    if (!response.ok) {
      // Free the connection; the error body is not needed (and not trusted).
      await response.body?.cancel().catch(() => undefined);
      throw upstreamErrorFromResponse(response, LLM_DEPENDENCY);
    }
    if (!response.body) throw new UpstreamError('llm answered without a body', { dependency: LLM_DEPENDENCY });
    // Servers that ignore `stream` answer with one JSON body; the content type tells which.
    if (response.headers.get('content-type')?.includes('text/event-stream')) return readChatStream(response.body, MAX_ANSWER_CHARS, onToken);
    const answer = this.readWhole(await readBoundedText(response.body, MAX_ANSWER_CHARS));
    onToken?.(answer.content);
    return answer;
  }

  private headers(): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: this.settings.stream ? 'text/event-stream' : 'application/json',
      ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}),
    };
  }

  private body(request: ChatRequest): Record<string, unknown> {
    const { model, responseFormat, stream, maxOutputTokens, reasoning } = this.settings;
    return {
      model,
      messages: request.messages,
      ...(reasoning ? { max_completion_tokens: maxOutputTokens } : { temperature: TEMPERATURE, max_tokens: maxOutputTokens }),
      response_format:
        responseFormat === 'json_schema'
          ? { type: 'json_schema', json_schema: { name: request.schemaName, strict: true, schema: request.schema } }
          : { type: 'json_object' },
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    };
  }

  private readWhole(text: string | null): ChatAnswer {
    if (text === null) throw new UpstreamError(`llm answer exceeds ${MAX_ANSWER_CHARS} characters`, { dependency: LLM_DEPENDENCY });
    const payload = parseEnvelope(text);
    const reported = errorIn(payload);
    if (reported) throw reported;
    const content = contentOf(payload, 'message');
    if (content === undefined) throw new UpstreamError('llm answered without message content', { dependency: LLM_DEPENDENCY });
    return { content, usage: usageOf(payload), finishReason: finishReasonOf(payload) };
  }
}
