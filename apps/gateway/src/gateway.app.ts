import type { AppDefinition } from '@ficus/common';
import { FICUS_APPS } from '../../contexts.js';
import { GATEWAY_CONTEXTS } from './gateway.bindings.js';
import { GATEWAY_DOCS } from './gateway.docs.js';
import { GatewayModule } from './gateway.module.js';

/** The gateway app as `bootstrap` and the tests build it: the one app that publishes the HTTP API. */
export const gatewayApp: AppDefinition = {
  name: 'gateway',
  apps: FICUS_APPS,
  module: GatewayModule,
  uses: GATEWAY_CONTEXTS.map((binding) => binding.context),
  docs: GATEWAY_DOCS,
};
