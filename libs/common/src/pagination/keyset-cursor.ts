import { ValidationProblem } from '../errors/problem.exception.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where a newest-first page starts: strictly after this (createdAt, id). */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

/**
 * The opaque `nextCursor` of a newest-first page: the last row's position as base64url JSON.
 * Opaque so clients treat it as a token and the encoding may change; it holds nothing secret
 * (the id and creation time of a row the caller has already seen).
 */
export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

/**
 * A date PostgreSQL's timestamptz can hold and our rows can have: JavaScript accepts years down
 * to -271821, which the database rejects — a crafted cursor must be a 400, not a 500.
 */
function isStorableInstant(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1970 && year <= 9999;
}

/** The position a cursor names; 400 (field `cursor`) for anything that is not one of ours. */
export function decodeKeysetCursor(cursor: string): KeysetPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [createdAt, id]: unknown[] = decoded;
      const date = typeof createdAt === 'string' ? new Date(createdAt) : undefined;
      if (date && isStorableInstant(date) && typeof id === 'string' && UUID.test(id)) return { createdAt: date, id };
    }
  } catch {
    // Falls through to the validation problem below.
  }
  throw new ValidationProblem([{ field: 'cursor', messages: ['cursor is not a cursor from a previous page'] }]);
}
