import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { settlesWithin } from '@ficus/resilience';
import type { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { stopTracing } from '../tracing/start-tracing.js';

export interface GracefulShutdownOptions {
  config: AppConfig;
  logger: LoggerService;
  /** Ends the process; tests pass their own to observe the exit code. */
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
}

/** Handle to a running shutdown sequence. */
export interface GracefulShutdown {
  /** Runs the sequence once; a second call while it runs forces an immediate exit. */
  shutdown(reason: string): Promise<void>;
  /** Removes the signal handlers (tests). */
  dispose(): void;
}

/**
 * SIGTERM/SIGINT → `/ready` says 503 at once → keep serving for the drain delay (load balancers
 * notice) → stop accepting connections and let in-flight requests finish within the grace
 * period → close transports, Redis and databases (Nest shutdown hooks) → export buffered
 * spans (when tracing) → exit 0.
 * Exits 1 if requests had to be cut off or cleanup failed.
 */
export function installGracefulShutdown(app: NestFastifyApplication, options: GracefulShutdownOptions): GracefulShutdown {
  const { config, logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let running: Promise<void> | undefined;

  const sequence = async (reason: string): Promise<void> => {
    logger.log(`Shutting down (${reason}): draining for ${config.drainDelayMs} ms`, 'Shutdown');
    app.get(ReadinessRegistry).startDraining();
    await sleep(config.drainDelayMs);
    const server = app.getHttpAdapter().getHttpServer();
    const fastify = app.getHttpAdapter().getInstance();
    let code = 0;
    if (!(await settlesWithin(fastify.close(), config.SHUTDOWN_GRACE_PERIOD_MS))) {
      logger.warn(`Requests still running after ${config.SHUTDOWN_GRACE_PERIOD_MS} ms; closing their connections`, 'Shutdown');
      server.closeAllConnections();
      code = 1;
    }
    try {
      await app.close();
    } catch (error) {
      logger.error(`Cleanup failed: ${error instanceof Error ? error.message : String(error)}`, 'Shutdown');
      code = 1;
    }
    logger.log(`Stopped with exit code ${code}`, 'Shutdown');
    // The last requests' spans are still buffered: export them (a no-op without tracing).
    await stopTracing();
    exit(code);
  };

  const shutdown = (reason: string): Promise<void> => {
    if (running) {
      logger.warn(`Second ${reason} during shutdown: exiting now`, 'Shutdown');
      exit(1);
      return running;
    }
    running = sequence(reason);
    return running;
  };

  const handler = (signal: NodeJS.Signals) => void shutdown(signal);
  for (const signal of signals) process.on(signal, handler);
  return {
    shutdown,
    dispose: () => signals.forEach((signal) => process.off(signal, handler)),
  };
}
