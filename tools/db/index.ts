/**
 * Programmatic API of the migration tool, for the `npm start` launcher, Jest's global setup and
 * anything else that must bring databases up to date. The CLI (cli.ts) is a thin layer on top.
 */
import { applyMigrations } from './operations.js';
import { CONTEXTS, type ContextName } from './contexts.js';

export * from './contexts.js';
export * from './operations.js';
export { runDbCommand, type CommandOptions } from './commands.js';

/** Applies every pending migration of each context to its database URL; idempotent. */
export async function applyAllMigrations(urls: Record<ContextName, string>, log: (message: string) => void = () => undefined): Promise<void> {
  for (const context of CONTEXTS) {
    const applied = await applyMigrations({ context, url: urls[context] });
    log(applied.length > 0 ? `${context}: applied ${applied.join(', ')}` : `${context}: up to date`);
  }
}
