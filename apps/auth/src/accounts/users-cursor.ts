import { ValidationProblem } from '@ficus/common';
import type { UserPosition } from './users.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The opaque `nextCursor` of a user page: the last user's position, base64url-encoded JSON.
 * Opaque so clients treat it as a token and the encoding can change.
 */
export function encodeUsersCursor(position: UserPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

/** The position a cursor names; 400 (field `cursor`) for anything that is not one of ours. */
export function decodeUsersCursor(cursor: string): UserPosition {
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
