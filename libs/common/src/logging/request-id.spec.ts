import type { IncomingMessage } from 'node:http';
import { resolveRequestId } from './request-id.js';

const requestWith = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;

describe('resolveRequestId', () => {
  it('keeps an acceptable client id', () => {
    expect(resolveRequestId(requestWith('trace-01HXYZ:span/2'))).toBe('trace-01HXYZ:span/2');
  });

  it.each([[''], ['x'.repeat(129)], ['has space'], ['new\nline'], ['quote"']])('replaces %j with a UUID', (id) => {
    expect(resolveRequestId(requestWith(id))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('answers the same id every time for one request', () => {
    const request = requestWith();
    expect(resolveRequestId(request)).toBe(resolveRequestId(request));
  });
});
