import { Module, type DynamicModule, type Type } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import type { ContextBinding } from './context-binding.js';
import { RemoteContextModule } from './remote-context.module.js';

/**
 * The strangler-fig switch: the module that provides a context's facade in this app — the
 * context itself when `<CONTEXT>_TRANSPORT=local`, else a client of its remote app. Callers
 * inject the facade token and never know which.
 */
export function contextFacadeModule<F>(binding: ContextBinding<F>, config: AppConfig): Type<unknown> | DynamicModule {
  return config.transportFor(binding.context) === 'local' ? binding.local : RemoteContextModule.forBinding(binding);
}

/** Makes the facades an app uses injectable everywhere in it (see `ContextFacadesModule.forRoot`). */
@Module({})
export class ContextFacadesModule {
  /**
   * The app's composition of contexts, declared once in its root: for each binding, the
   * context itself or a client of its remote app, per `<CONTEXT>_TRANSPORT`. Global, so any
   * module (the edge's controllers, another context) injects a facade by its token alone.
   */
  static forRoot(bindings: readonly ContextBinding<unknown>[], config: AppConfig): DynamicModule {
    const modules = bindings.map((binding) => contextFacadeModule(binding, config));
    return { module: ContextFacadesModule, global: true, imports: modules, exports: modules };
  }
}
