import { UpstreamError } from '@ficus/resilience';
import type { ChatUsage } from './chat-types.js';
import { LLM_DEPENDENCY } from './llm-dependency.js';

// The upstream's JSON is untrusted: every field is read through these narrow accessors.
type Json = Record<string, unknown>;

const record = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);

/** The first choice of a completion or of a stream chunk. */
function firstChoice(payload: Json): Json | undefined {
  return Array.isArray(payload.choices) ? record(payload.choices[0]) : undefined;
}

/** `choices[0].message.content` of a whole completion (or `delta.content` of a stream chunk). */
export function contentOf(payload: Json, part: 'message' | 'delta'): string | undefined {
  const content = record(firstChoice(payload)?.[part])?.content;
  return typeof content === 'string' ? content : undefined;
}

export function finishReasonOf(payload: Json): string | undefined {
  const reason = firstChoice(payload)?.finish_reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** Token counts from `usage`, when the upstream reports both. */
export function usageOf(payload: Json): ChatUsage | undefined {
  const usage = record(payload.usage);
  const promptTokens = count(usage?.prompt_tokens);
  const completionTokens = count(usage?.completion_tokens);
  return promptTokens === undefined || completionTokens === undefined ? undefined : { promptTokens, completionTokens };
}

/** An `{"error": …}` object some servers send instead of (or in the middle of) an answer. */
export function errorIn(payload: Json): UpstreamError | undefined {
  if (payload.error === undefined || payload.error === null) return undefined;
  // The upstream's message is logged by the caller, never shown to clients.
  const message = record(payload.error)?.message;
  return new UpstreamError(`llm reported an error: ${typeof message === 'string' ? message.slice(0, 200) : 'unknown'}`, { dependency: LLM_DEPENDENCY });
}

/** Parses one JSON document of the upstream, or fails as the upstream's fault (retried). */
export function parseEnvelope(text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UpstreamError('llm answered with malformed JSON', { dependency: LLM_DEPENDENCY, cause: error });
  }
  const payload = record(parsed);
  if (!payload) throw new UpstreamError('llm answered with something other than a JSON object', { dependency: LLM_DEPENDENCY });
  return payload;
}
