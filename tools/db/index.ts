import { applyMigrations } from './operations.js';
import { CONTEXTS, type ContextName } from './contexts.js';

export * from './contexts.js';
export * from './operations.js';

/** Applies every pending migration of each context to its database URL; idempotent. */
export async function applyAllMigrations(urls: Record<ContextName, string>, log: (message: string) => void = () => undefined): Promise<void> {
  for (const context of CONTEXTS) {
    const applied = await applyMigrations({ context, url: urls[context] });
    log(applied.length > 0 ? `${context}: applied ${applied.join(', ')}` : `${context}: up to date`);
  }
}
