import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { ServiceCredentials } from '../transport/service-credentials.js';
import { APP_NAME } from './platform.constants.js';

/**
 * What every other module may inject: the validated config, the app name, the readiness
 * registry and the service credentials that sign and check messages between apps.
 */
@Global()
@Module({})
export class PlatformCoreModule {
  static forRoot(appName: string, config: AppConfig): DynamicModule {
    return {
      module: PlatformCoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: config.constructor, useValue: config },
        { provide: APP_NAME, useValue: appName },
        ReadinessRegistry,
        { provide: ServiceCredentials, useValue: ServiceCredentials.fromConfig(appName, config) },
      ],
      exports: [AppConfig, config.constructor, APP_NAME, ReadinessRegistry, ServiceCredentials],
    };
  }
}
