import nodeModule from 'node:module';
import { startTracing } from '../tracing/start-tracing.js';
import type { AppConfig } from '../config/app-config.js';
import type { AppDefinition } from './create-app.js';

/**
 * What every `main.ts` runs: tracing first (when asked for), then the app, loaded only now —
 * instrumentation must hook pg, ioredis and http before anything imports them, and a static
 * import would load the whole module graph before any code runs (see startTracing). `name` is
 * the app's name (the traces' `service.name`), known before its definition is loaded.
 */
export async function launch<C extends AppConfig>(name: string, load: () => Promise<AppDefinition<C>>): Promise<void> {
  // Node's compile cache (22.1+; skipped on older Node) before the bulk of the modules load:
  // they are compiled once and reused from the cache (in the OS temp directory) by later starts.
  (nodeModule as Partial<typeof nodeModule>).enableCompileCache?.();
  await startTracing(name);
  const [{ bootstrap }, definition] = await Promise.all([import('./bootstrap.js'), load()]);
  await bootstrap(definition);
}
