import { Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TODOS_FACADE } from '@ficus/contracts/todos';
import type { LogCapture } from '../../../../test/support/log-capture.js';
import { startTestApp } from '../../../../test/support/test-app.js';
import { FICUS_APPS } from '../../../contexts.js';
import { AiContextModule } from '../../src/ai.context.js';
import { AiService } from '../../src/ai.service.js';
import { MemoryTodos } from './memory-todos.js';

/** The ai context inside a real platform app, over an in-memory todos facade. */
export interface AiHarness {
  app: NestFastifyApplication;
  ai: AiService;
  todos: MemoryTodos;
  logs: LogCapture;
  /** The app's base URL (it listens, so /metrics and /ready can be read). */
  url: string;
  close(): Promise<void>;
}

/**
 * Boots `AiContextModule` with the platform exactly as an app would (createApp), the todos
 * facade replaced by {@link MemoryTodos}; `env` configures the provider (e.g. a FakeLlm).
 */
export async function startAiContext(env: Record<string, string | undefined> = {}): Promise<AiHarness> {
  const todos = new MemoryTodos();
  @Global()
  @Module({ providers: [{ provide: TODOS_FACADE, useValue: todos }], exports: [TODOS_FACADE] })
  class MemoryTodosModule {}
  @Module({ imports: [MemoryTodosModule, AiContextModule] })
  class AiHostModule {}
  const { app, logs, url } = await startTestApp({ name: 'ai', apps: FICUS_APPS, module: AiHostModule }, { REDIS_URL: undefined, ...env }, { listen: true });
  return { app, logs, url, todos, ai: app.get(AiService, { strict: false }), close: () => app.close() };
}

export { problemOf, userCall } from '../../../../test/support/facade-calls.js';
