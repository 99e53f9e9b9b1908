import { ValidationProblem } from '@ficus/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where a page starts: strictly after this (createdAt, id) in newest-first order. */
export interface TodoPosition {
  createdAt: Date;
  id: string;
}

/**
 * The opaque `nextCursor` of a todo page: the last row's position as base64url JSON. Opaque so
 * clients treat it as a token and the encoding may change; it holds nothing secret (ids and
 * times of the caller's own todos).
 */
export function encodeTodosCursor(position: TodoPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

/** The position a cursor names; 400 (field `cursor`) for anything that is not one of ours. */
export function decodeTodosCursor(cursor: string): TodoPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [createdAt, id]: unknown[] = decoded;
      const date = typeof createdAt === 'string' ? new Date(createdAt) : undefined;
      if (date && !Number.isNaN(date.getTime()) && typeof id === 'string' && UUID.test(id)) return { createdAt: date, id };
    }
  } catch {
    // Falls through to the validation problem below.
  }
  throw new ValidationProblem([{ field: 'cursor', messages: ['cursor is not a cursor from a previous page'] }]);
}
