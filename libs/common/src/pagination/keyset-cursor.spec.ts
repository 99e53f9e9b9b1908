import { ValidationProblem } from '../errors/problem.exception.js';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';

describe('keyset cursor', () => {
  it('round-trips a position exactly, to the millisecond, through an opaque URL-safe string', () => {
    const position = { createdAt: new Date('2026-11-25T10:26:39.595Z'), id: '01a2123e-4169-756f-a11b-7fb0838e4780' };
    const cursor = encodeKeysetCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeKeysetCursor(cursor)).toEqual(position);
  });

  it.each([
    ['not base64 JSON', 'garbage!'],
    ['base64 but not JSON', 'bm9wZQ'],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad date', Buffer.from('["yesterday","01a2123e-4169-756f-a11b-7fb0838e4780"]').toString('base64url')],
    ['a date PostgreSQL cannot store', Buffer.from('["-271821-04-20T00:00:00.000Z","01a2123e-4169-756f-a11b-7fb0838e4780"]').toString('base64url')],
    ['a date past year 9999', Buffer.from('["+275760-09-13T00:00:00.000Z","01a2123e-4169-756f-a11b-7fb0838e4780"]').toString('base64url')],
    ['a bad id', Buffer.from('["2026-11-25T10:26:39.595Z","1; DROP TABLE todos"]').toString('base64url')],
  ])('refuses %s with a validation problem on `cursor`', (_label, cursor) => {
    let thrown: unknown;
    try {
      decodeKeysetCursor(cursor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationProblem);
    expect((thrown as ValidationProblem).errors).toEqual([{ field: 'cursor', messages: [expect.any(String)] }]);
  });
});
