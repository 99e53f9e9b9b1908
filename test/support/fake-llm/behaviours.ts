/** How the fake answers one request; each test queues what it needs. */
export type LlmBehaviour =
  /**
   * A normal completion. `content` defaults to a valid answer for the request; `delayMs` delays
   * the response; `hold` (streaming only) sends the content but not the end of the stream until
   * the test calls `release()`.
   */
  | { kind: 'answer'; content?: string; delayMs?: number; hold?: boolean }
  /** An error status, e.g. 500 or 429 with `retryAfter` (seconds or an HTTP date). */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** A completion whose content is prose instead of the JSON asked for. */
  | { kind: 'malformed' }
  /** Starts answering, then drops the connection half-way (mid-stream when streaming). */
  | { kind: 'cut' };

/** One request the fake received. */
export interface RecordedRequest {
  path: string;
  authorization?: string;
  body: ChatBody;
  receivedAt: number;
}

/** The parts of a Chat Completions request body the fake reads. */
export interface ChatBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: { type?: string; json_schema?: { name?: string } };
  messages?: { role: string; content: string }[];
}

/** What a model says when it ignores the format it was asked for. */
export const PROSE_ANSWER = 'Sure! Here is what I would do: start small, then keep going.';

function wants(body: ChatBody): 'breakdown' | 'plan' {
  const name = body.response_format?.json_schema?.name;
  if (name) return name === 'todo_plan' ? 'plan' : 'breakdown';
  return (body.messages?.[0]?.content ?? '').includes('"subtasks"') ? 'breakdown' : 'plan';
}

/**
 * A valid answer for the request, computed like a (very predictable) model would: three
 * subtasks for a breakdown; for a plan, the first three refs it was given, in order.
 */
export function defaultAnswer(body: ChatBody): string {
  if (wants(body) === 'breakdown') {
    return JSON.stringify({
      subtasks: [
        { title: 'Gather what is needed', rationale: 'Having everything at hand avoids interruptions.' },
        { title: 'Do the main part', rationale: 'This is the core of the task.' },
        { title: 'Check the result', rationale: 'Catches mistakes before they matter.' },
      ],
    });
  }
  // Only the data block counts: earlier (rejected) answers in a repair conversation do not.
  const data = body.messages?.find((message) => message.role === 'user' && message.content.includes('<todo_data>'))?.content ?? '';
  const refs = [...new Set([...data.matchAll(/"ref":"(t\d+)"/g)].map((match) => match[1]))].slice(0, 3);
  return JSON.stringify({
    summary: 'Start with the first todo, then continue in order.',
    steps: refs.map((ref) => ({ ref, reason: `Model picked ${ref}.` })),
  });
}
