import type { FastifyReply } from 'fastify';
import type { AiAnswer } from '@ficus/common';

/** Header on answers the rules helper gave because the model was unavailable. */
export const DEGRADED_HEADER = 'x-ficus-degraded';

/** Whether the client asked for server-sent events rather than one JSON document. */
export function wantsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((type) => type.trim().toLowerCase().startsWith('text/event-stream'));
}

function event(name: string, data: unknown): string {
  // JSON keeps every payload on one `data:` line, whatever newlines the text holds.
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The answer as server-sent events: `token` events carrying the readable text in word-sized
 * pieces (`{"text": …}`; joined, they are the whole text), then one `result` event with the
 * JSON document a non-streaming request gets. The answer is complete and validated before
 * the first event (see README, "AI"), so errors are ordinary problem+json responses.
 */
export function eventStream(text: string, result: unknown): string {
  const pieces = text.match(/\S+\s*|\s+/g) ?? [];
  return [...pieces.map((piece) => event('token', { text: piece })), event('result', result)].join('');
}

/**
 * Sends an AI answer the way the client asked: JSON, or an event stream (`Accept:
 * text/event-stream`). A degraded answer carries `X-Ficus-Degraded: rules` either way.
 */
export function sendAnswer<T extends AiAnswer>(reply: FastifyReply, accept: string | undefined, result: T, text: string): T | string {
  if (result.degraded) void reply.header(DEGRADED_HEADER, 'rules');
  if (!wantsEventStream(accept)) return result;
  void reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-cache').header('x-accel-buffering', 'no');
  return eventStream(text, result);
}
