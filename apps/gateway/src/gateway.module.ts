import { Module, type DynamicModule } from '@nestjs/common';
import { ContextFacadesModule, type AppConfig } from '@ficus/common';
import { AiController } from './ai/ai.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { JwksController } from './auth/jwks.controller.js';
import { UsersController } from './auth/users.controller.js';
import { EdgeAuthnModule } from './authn/edge-authn.module.js';
import { GATEWAY_CONTEXTS } from './gateway.bindings.js';
import { LiveUpdatesModule } from './live/live-updates.module.js';
import { TodosController } from './todos/todos.controller.js';

/** Root module of the gateway app: the HTTP edge over every context's facade, and live updates (`GET /ws`). */
@Module({})
export class GatewayModule {
  /** The composition depends on config: which contexts run in this process, which remotely. */
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [ContextFacadesModule.forRoot(GATEWAY_CONTEXTS, config), EdgeAuthnModule, LiveUpdatesModule],
      controllers: [AuthController, UsersController, JwksController, TodosController, AiController],
    };
  }
}
