import { ValidationProblem } from '@ficus/common';
import { decodeUsersCursor, encodeUsersCursor } from './users-cursor.js';

describe('users cursor', () => {
  it('round-trips a position through an opaque URL-safe string', () => {
    const position = { createdAt: new Date('2026-11-25T09:00:00.123Z'), id: '0195c1d2-7e4a-7b3c-9d2e-1f0a2b3c4d5e' };
    const cursor = encodeUsersCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeUsersCursor(cursor)).toEqual(position);
  });

  it.each([
    ['not base64 JSON', 'bm9wZQ'],
    ['a bad date', Buffer.from(JSON.stringify(['yesterday', '0195c1d2-7e4a-7b3c-9d2e-1f0a2b3c4d5e'])).toString('base64url')],
    ['a bad id', Buffer.from(JSON.stringify(['2026-11-25T09:00:00.000Z', "'; drop table users"])).toString('base64url')],
    ['the wrong shape', Buffer.from(JSON.stringify({ createdAt: 1 })).toString('base64url')],
  ])('rejects %s with a validation problem on field cursor', (_label, cursor) => {
    const thrown = (() => {
      try {
        decodeUsersCursor(cursor);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ValidationProblem);
    expect((thrown as ValidationProblem).errors).toEqual([{ field: 'cursor', messages: [expect.any(String)] }]);
  });
});
