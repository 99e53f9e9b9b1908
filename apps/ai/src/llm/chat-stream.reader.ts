import { UpstreamError } from '@ficus/resilience';
import { createParser } from 'eventsource-parser';
import { contentOf, errorIn, finishReasonOf, parseEnvelope, usageOf } from './chat-envelope.js';
import type { ChatAnswer, ChatUsage, TokenCallback } from './chat-types.js';
import { LLM_DEPENDENCY } from './llm-dependency.js';

/** No single event of a chat stream is anywhere near this; a larger one is not a chat stream. */
const MAX_EVENT_CHARS = 1_000_000;

/** What the stream has said so far. */
interface StreamState {
  content: string;
  usage?: ChatUsage;
  finishReason?: string;
  done: boolean;
  failure?: Error;
}

function onChunk(state: StreamState, data: string, maxChars: number, onToken?: TokenCallback): void {
  if (data.trim() === '[DONE]') {
    state.done = true;
    return;
  }
  const payload = parseEnvelope(data);
  const reported = errorIn(payload);
  if (reported) throw reported;
  const delta = contentOf(payload, 'delta') ?? '';
  state.content += delta;
  if (state.content.length > maxChars) throw new UpstreamError(`llm answer exceeds ${maxChars} characters`, { dependency: LLM_DEPENDENCY });
  // Passed on as it arrives: this is what makes a streamed AI answer show progress.
  if (delta !== '') onToken?.(delta);
  state.finishReason = finishReasonOf(payload) ?? state.finishReason;
  state.usage = usageOf(payload) ?? state.usage;
}

/**
 * Reads a Chat Completions event stream (`data: {chunk}` … `data: [DONE]`) into the whole
 * answer, handing each content delta to `onToken` as it arrives. A stream that ends before `[DONE]` or a finish reason was cut (connection lost,
 * upstream crashed): that is an UpstreamError, which the policy retries like a 5xx.
 */
export async function readChatStream(body: AsyncIterable<Uint8Array>, maxChars: number, onToken?: TokenCallback): Promise<ChatAnswer> {
  const state: StreamState = { content: '', done: false };
  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onEvent: (event) => {
      if (state.done || state.failure) return;
      try {
        onChunk(state, event.data, maxChars, onToken);
      } catch (error) {
        state.failure = error instanceof Error ? error : new Error(String(error));
      }
    },
    onError: (error) => {
      state.failure ??= new UpstreamError(`llm sent a malformed event stream: ${error.message}`, { dependency: LLM_DEPENDENCY, cause: error });
    },
  });
  const decoder = new TextDecoder();
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    if (state.failure) throw state.failure;
    // Leaving the loop cancels the body: nothing after [DONE] is read.
    if (state.done) break;
  }
  if (!state.done && state.finishReason === undefined) {
    throw new UpstreamError('llm stream ended before the answer was complete', { dependency: LLM_DEPENDENCY });
  }
  return { content: state.content, usage: state.usage, finishReason: state.finishReason };
}
