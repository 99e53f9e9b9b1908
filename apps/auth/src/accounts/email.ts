/**
 * The stored form of an email: trimmed and lower-cased, as the request DTOs already deliver
 * it over HTTP. Applied again here because in-process callers bypass the validation pipe.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
