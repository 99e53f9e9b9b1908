import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';
import { developmentNotice } from '../config/development-defaults.js';
import { loadEnvFile } from '../config/env-file.js';
import { ConfigError } from '../config/load-config.js';
import { installGracefulShutdown } from '../lifecycle/graceful-shutdown.js';
import { createApp, loadAppConfig, type AppDefinition } from './create-app.js';

/** How long a context app waits for its transport's server before it says so. */
const TRANSPORT_PATIENCE_MS = 2000;

/**
 * Starts taking messages. On NATS the first connection is retried for ever (like every later
 * one), so a context app started while NATS is down stays up — `/health` 200, `/ready` 503 —
 * and serves as soon as NATS is there, instead of exiting and taking a launcher down with it.
 */
async function startTransport(app: NestFastifyApplication, logger: Logger, context: string): Promise<void> {
  const waiting = setTimeout(() => {
    logger.warn(`Waiting for the transport to serve ${context} on (NATS or TCP not reachable yet); not ready until then`, 'Bootstrap');
  }, TRANSPORT_PATIENCE_MS);
  try {
    await app.startAllMicroservices();
  } finally {
    clearTimeout(waiting);
  }
}

/**
 * The one entry point of every app's `main.ts`: validated config, the platform, graceful
 * shutdown, listen, and a line saying where the API and its docs are.
 * `.env` in the working directory is read first (the environment wins over it). An invalid
 * configuration stops the process with one message listing every bad key.
 */
export async function bootstrap<C extends AppConfig>(definition: AppDefinition<C>): Promise<void> {
  loadEnvFile();
  let config: C;
  try {
    config = loadAppConfig(definition);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`ficus ${definition.name}: ${error.message}\n`);
    process.exit(1);
  }
  const app = await createApp(definition, { config, transport: 'defer' });
  const logger = app.get(Logger);
  installGracefulShutdown(app, { config, logger });
  await app.listen({ port: config.PORT, host: config.HOST });
  if (definition.serves) await startTransport(app, logger, definition.serves);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = ['0.0.0.0', '::'].includes(config.HOST) ? 'localhost' : config.HOST;
  const docs = config.DOCS_ENABLED && definition.docs ? `, Swagger UI at http://${host}:${port}/docs` : '';
  logger.log(`Ficus ${definition.name} listening on http://${host}:${port}${docs}`, 'Bootstrap');
  const notice = developmentNotice(config);
  if (notice) logger.log(notice, 'Bootstrap');
}
