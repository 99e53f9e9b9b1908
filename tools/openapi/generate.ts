/**
 * `npm run openapi`: writes the gateway's OpenAPI document to openapi.json and the typed
 * client's types to client/ficus-api.ts. The document comes from the built gateway
 * (`dist/apps/gateway/src/openapi.js`, which composes the app without running it), because
 * Swagger reads TypeScript's decorator metadata, which only the real build emits.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPI3 } from 'openapi-typescript';
import { CLIENT_SCHEMA_FILE, clientSchemaSource, documentText, OPENAPI_FILE } from './files.js';

const entry = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/apps/gateway/src/openapi.js');
const document = JSON.parse(execFileSync(process.execPath, [entry], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as OpenAPI3;
writeFileSync(OPENAPI_FILE, documentText(document));
writeFileSync(CLIENT_SCHEMA_FILE, await clientSchemaSource(document));
console.log(`Wrote ${OPENAPI_FILE} and ${CLIENT_SCHEMA_FILE}`);
