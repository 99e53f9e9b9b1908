import { searchPathOption } from '../database/prisma-adapter.js';

/**
 * The LISTEN/NOTIFY channel of a context's outbox: per schema, since several contexts may share
 * one database (channels are per database).
 */
export function outboxChannel(schema: string): string {
  // Validates the name as a plain identifier, as the pools do.
  searchPathOption(schema);
  return `ficus_outbox_${schema}`;
}
