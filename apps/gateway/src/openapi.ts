import { describeApp } from '@ficus/common';
import { gatewayApp } from './gateway.app.js';

// Prints the gateway's OpenAPI document without starting it (no database, no network):
// `npm run openapi` writes it to openapi.json.
process.stdout.write(`${JSON.stringify(await describeApp(gatewayApp), null, 2)}\n`);
