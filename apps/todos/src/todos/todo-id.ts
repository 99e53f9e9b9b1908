const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Todo ids are UUIDs; anything else names no todo (and must not reach Postgres' uuid parser). */
export function isTodoId(value: string): boolean {
  return UUID.test(value);
}
