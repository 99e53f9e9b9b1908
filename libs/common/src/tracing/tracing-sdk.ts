import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { register as registerSyncHooks, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';

/** What a started SDK offers the rest of the process. */
export interface RunningTracing {
  /** Exports the spans still buffered and stops tracing (at shutdown). */
  shutdown(): Promise<void>;
}

/** Probes and scrapes: a span each would drown the traces of real requests. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * The OpenTelemetry SDK for one app: traces only (metrics stay Prometheus', logs stay on
 * stdout), every standard OTEL_* variable honoured by the SDK itself (exporter and protocol,
 * endpoint, headers, sampler, propagators, resource attributes, batch sizes), the service named
 * after the app unless `OTEL_SERVICE_NAME` says otherwise. Loaded only when tracing is on.
 */
export async function startTracingSdk(serviceName: string): Promise<RunningTracing> {
  const hooksReady = registerLoaderHooks();
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME?.trim() || serviceName,
    // Ficus' metrics are Prometheus' (/metrics) and its logs go to stdout: traces only.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]),
      }),
      // fetch (the model API of the ai app), with the trace context sent along.
      new UndiciInstrumentation(),
      // Only inside a trace: a readiness probe's query or a background sweep alone is noise.
      new PgInstrumentation({ requireParentSpan: true }),
      // The command alone: keys carry session ids and client addresses, which traces must not spread.
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
      // Prisma's operations and transactions; its SQL shows as the pg instrumentation's spans
      // (with connection details), so its own copies of them and its internal steps are left out.
      new PrismaInstrumentation({ ignoreSpanTypes: ['prisma:client:db_query', 'prisma:client:serialize', 'prisma:client:compile'] }),
    ],
  });
  sdk.start();
  await hooksReady();
  return { shutdown: () => sdk.shutdown() };
}

/** The packages imported as ES modules that instrumentation patches (http is patched where Fastify requires it). */
const HOOKED_MODULES = ['pg', 'pg-pool', 'ioredis'];

/**
 * Instrumentation patches CommonJS packages as `require` loads them; a loader hook covers the
 * same packages when they are imported as ES modules (on Node 24 the require hook alone caught
 * pg and ioredis imported from Ficus' ES modules, measured; the hook costs nothing measurable and
 * keeps other Node versions and ESM builds covered). It is limited to those packages, so every
 * other module (Nest, the app) loads untouched. Where Node can, the hook runs in the app's thread
 * (`module.registerHooks`); otherwise (Node 22 before 22.22.3) on Node's loader thread, which
 * measured about 80 MB more memory. Returns what to await before the app loads.
 */
function registerLoaderHooks(): () => Promise<void> {
  if (supportsSyncHooks()) {
    registerSyncHooks({ include: HOOKED_MODULES });
    return async () => undefined;
  }
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  return waitForAllMessagesAcknowledged;
}
