import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp, type AppDefinition } from '@ficus/common';
import { LogCapture } from './log-capture.js';

export interface TestApp {
  app: NestFastifyApplication;
  logs: LogCapture;
  /** Base URL once `listen` was requested, e.g. http://127.0.0.1:41234 */
  url: string;
}

/**
 * Boots an app exactly as production does (same createApp), configured only by the given
 * environment on top of the test process' own, with JSON logs captured in memory.
 */
export async function startTestApp(
  definition: AppDefinition,
  env: Record<string, string | undefined> = {},
  { listen = false }: { listen?: boolean } = {},
): Promise<TestApp> {
  const logs = new LogCapture();
  const app = await createApp(definition, {
    env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', NODE_ENV: 'test', ...env },
    logDestination: logs,
  });
  await app.getHttpAdapter().getInstance().ready();
  let url = '';
  if (listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  }
  return { app, logs, url };
}
