import { ProxyTracerProvider, trace } from '@opentelemetry/api';
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
  try {
    const { startTracingSdk } = await import('./tracing-sdk.js');
    running = await startTracingSdk(serviceName);
  } catch (error) {
    // Traces help to operate the app; they are no reason for it not to run.
    process.stderr.write(`ficus ${serviceName}: tracing could not start, running without it: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/** What the OpenTelemetry API hands out while no SDK is registered. */
const NO_TRACING = new ProxyTracerProvider().getDelegate();

/**
 * Whether this process traces: an SDK is registered (startTracing's, or a test's in-memory
 * one). Ficus' own spans and trace contexts are made only then, so without tracing messages
 * carry no trace context and cost nothing extra.
 */
export function tracingActive(): boolean {
  const provider = trace.getTracerProvider();
  return provider instanceof ProxyTracerProvider && provider.getDelegate() !== NO_TRACING;
}

/** Exports what is buffered and stops; a no-op when tracing is off. Never throws. */
export async function stopTracing(): Promise<void> {
  const current = running;
  running = undefined;
  await current?.shutdown().catch(() => undefined);
}
