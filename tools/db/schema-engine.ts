import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

/** The slice of the WebAssembly global used here (not typed by @types/node 20). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let bindings: Promise<Bindings> | undefined;

/**
 * The engine leaves a 10 s timer running after an operation completes, which keeps every CLI
 * run and test worker alive for 10 s. Its timers still fire, but no longer hold the process.
 */
function withUnrefTimers(glue: Bindings): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, value] of Object.entries(glue)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue;
    const setTimer = value as (...args: unknown[]) => NodeJS.Timeout | undefined;
    imports[name] = (...args: unknown[]) => {
      const timer = setTimer(...args);
      timer?.unref?.();
      return timer;
    };
  }
  return imports;
}

/**
 * Prisma's schema engine compiled to WebAssembly (the same engine the Prisma CLI runs natively).
 * Its ESM entry imports the .wasm file directly, which Node 20 cannot do without a flag, so the
 * glue module is loaded on its own and handed a module instantiated from the bytes here.
 * The package is internal to Prisma and pinned exactly; tools/db has end-to-end tests for it.
 */
let lastPanic: string | undefined;

/**
 * The engine's last panic message. Panics surface as an uncaught `RuntimeError: unreachable`
 * from an engine callback; the message itself only reaches this registry.
 */
export function lastEnginePanic(): string | undefined {
  return lastPanic;
}

function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } }).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (message: string) => {
        lastPanic = message;
      },
    };
    const glue: Bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const require = createRequire(import.meta.url);
    const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const module = new wasm.Module(readFileSync(wasmPath));
    const instance = new wasm.Instance(module, { './schema_engine_bg.js': withUnrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return bindings;
}

/** A migration's SQL failed; the engine has rolled it back and recorded it as failed. */
export class MigrationFailedError extends Error {
  constructor(
    readonly migrationName: string,
    /** The database's own error message. */
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`Migration ${migrationName} failed: ${detail}`, options);
    this.name = 'MigrationFailedError';
  }
}

/** A running engine plus a way to turn its errors into ones a person can act on. */
export interface EngineSession {
  engine: SchemaEngine;
  /**
   * The engine reports a JavaScript-side failure (such as the SQL error of a migration) only as
   * "External error id#N"; this puts the original error's message back into the error.
   */
  explain(error: unknown): Error;
}

/** Starts an engine over a driver adapter; `datamodels` are `[path, content]` pairs of schema files. */
export async function startSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodels: [string, string][],
  log: (message: string) => void = () => undefined,
): Promise<EngineSession> {
  const glue = await loadBindings();
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await glue.SchemaEngine.new({ datamodels }, (message: unknown) => log(String(message)), bound);
  const explain = (error: unknown): Error => {
    const message = error instanceof Error ? error.message : String(error);
    const id = /External error id#(\d+)/.exec(message)?.[1];
    const cause = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id))?.error;
    if (cause === undefined) return error instanceof Error ? error : new Error(message);
    const detail = cause instanceof Error ? cause.message : String(cause);
    const migration = /migration_name="([^"]+)"/.exec(message)?.[1];
    return migration ? new MigrationFailedError(migration, detail, { cause: error }) : new Error(detail, { cause: error });
  };
  return { engine, explain };
}
