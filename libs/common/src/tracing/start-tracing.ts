import { loadEnvFile } from '../config/env-file.js';
import { tracingEnabled } from './tracing-enabled.js';
import type { RunningTracing } from './tracing-sdk.js';

let running: RunningTracing | undefined;

/**
 * Starts OpenTelemetry for app `serviceName` when the environment asks for it (see
 * tracingEnabled); otherwise does nothing and loads none of the SDK.
 *
 * It must run before the app's own modules are loaded: instrumentation patches `pg`, `ioredis`
 * and `http` as they are imported, and an ES module graph is loaded as a whole before any of
 * it runs. So every `main.ts` awaits this first and only then imports the app dynamically — a
 * static import, even the first one, would be loaded together with the rest of the graph,
 * before the hooks exist. Doing it in `main.ts` rather than with `node --import` keeps every
 * way of starting an app (`npm start`, the launchers, the image, Kubernetes, the tests) the
 * same, and names the service after the app without another variable.
 */
export async function startTracing(serviceName: string): Promise<void> {
  // OTEL_* may come from .env, like every other setting (bootstrap reads it again: harmless).
  loadEnvFile();
  if (running || !tracingEnabled(process.env)) return;
  const { startTracingSdk } = await import('./tracing-sdk.js');
  running = await startTracingSdk(serviceName);
}

/** Whether this process exports traces (startTracing found them asked for). */
export function tracingActive(): boolean {
  return running !== undefined;
}

/** Exports what is buffered and stops; a no-op when tracing is off. Never throws. */
export async function stopTracing(): Promise<void> {
  const current = running;
  running = undefined;
  await current?.shutdown().catch(() => undefined);
}
