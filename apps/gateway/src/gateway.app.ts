import type { AppDefinition } from '@ficus/common';
import { GatewayModule } from './gateway.module.js';

/** The gateway app as `bootstrap` and the tests build it. */
export const gatewayApp: AppDefinition = { name: 'gateway', module: GatewayModule };
