import { eventStream, wantsEventStream } from './event-stream.js';

function events(body: string): { event: string; data: unknown }[] {
  return body
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [event, data] = block.split('\n');
      return { event: event.replace('event: ', ''), data: JSON.parse(data.replace('data: ', '')) };
    });
}

describe('AI answers as server-sent events', () => {
  it('streams only when the client asks for text/event-stream', () => {
    expect(wantsEventStream('text/event-stream')).toBe(true);
    expect(wantsEventStream('application/json, Text/Event-Stream;q=0.5')).toBe(true);
    expect(wantsEventStream('application/json')).toBe(false);
    expect(wantsEventStream(undefined)).toBe(false);
  });

  it('sends the text in token events that join to the whole text, then the result', () => {
    const text = '1. Draft — first\n2. "Ship" it\n\nCreated 2 subtasks.';
    const result = { degraded: false, suggestions: [] };
    const sent = events(eventStream(text, result));
    expect(sent.at(-1)).toEqual({ event: 'result', data: result });
    const tokens = sent.slice(0, -1);
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.every((token) => token.event === 'token')).toBe(true);
    expect(tokens.map((token) => (token.data as { text: string }).text).join('')).toBe(text);
  });
});
