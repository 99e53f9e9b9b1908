import { bootstrap } from '@ficus/common';
import { gatewayApp } from './gateway.app.js';

await bootstrap(gatewayApp);
