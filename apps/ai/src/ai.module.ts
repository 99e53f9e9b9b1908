import { Module, type DynamicModule } from '@nestjs/common';
import { ContextFacadesModule, type AppConfig } from '@ficus/common';
import { AI_CONTEXTS } from './ai.bindings.js';
import { AiContextModule } from './ai.context.js';
import { AiMessagesController } from './ai.messages.controller.js';

/**
 * Root module of the ai app: the ai context, served to other apps over its transport, with
 * the todos facade it depends on. The platform (config, logging, health, …) is added by `bootstrap`.
 */
@Module({})
export class AiModule {
  /** The composition depends on config: todos in this process or remote (TODOS_TRANSPORT). */
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: AiModule,
      imports: [ContextFacadesModule.forRoot(AI_CONTEXTS, config), AiContextModule],
      controllers: [AiMessagesController],
    };
  }
}
