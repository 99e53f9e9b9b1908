import { createHash, randomBytes } from 'node:crypto';

/** Random bytes per refresh or reset token: 256 bits, beyond guessing (RFC 9700 §4.14, ASVS V7). */
const TOKEN_BYTES = 32;

/** A new opaque token, base64url (43 characters). Shown to its holder once, never stored. */
export function newOpaqueToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * What is stored and looked up instead of the token: its SHA-256. A fast hash suffices because
 * the token is 256 random bits (no dictionary to try), and it keeps lookups on a unique index.
 */
export function hashOpaqueToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}
