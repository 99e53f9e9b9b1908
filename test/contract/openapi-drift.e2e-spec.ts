import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { OpenAPI3, ParameterObject } from 'openapi-typescript';
import { gatewayApp } from '../../apps/gateway/src/gateway.app.js';
import { CLIENT_SCHEMA_FILE, clientSchemaSource, committedDocument } from '../../tools/openapi/files.js';
import { generateSigningKeyPem } from '../support/jwt-keys.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const REGENERATE = 'The committed contract is out of date: run `npm run openapi` and commit openapi.json and client/.';

describe('the committed API contract', () => {
  let gateway: TestApp;
  let committed: OpenAPI3;

  beforeAll(async () => {
    gateway = await startTestApp(gatewayApp, { AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem() });
    committed = committedDocument();
  });
  afterAll(() => gateway?.app.close());

  it('is the document the running gateway serves at /docs-json', async () => {
    const served = await gateway.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs-json' });
    expect(served.statusCode).toBe(200);
    expect(isDeepStrictEqual(served.json(), committed) ? 'in sync' : REGENERATE).toBe('in sync');
    expect(served.json()).toEqual(committed);
  });

  it('is what the typed client was generated from', async () => {
    expect(readFileSync(CLIENT_SCHEMA_FILE, 'utf8') === (await clientSchemaSource(committed)) ? 'in sync' : REGENERATE).toBe('in sync');
  });

  it('pre-fills no optional parameter in Swagger UI ("Try it out" sends examples as typed)', () => {
    const prefilled = Object.entries(committed.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        ((operation as { parameters?: ParameterObject[] }).parameters ?? [])
          .filter((parameter) => !parameter.required && (parameter.example !== undefined || parameter.schema?.example !== undefined || parameter.examples !== undefined))
          .map((parameter) => `${method.toUpperCase()} ${path} ${parameter.in} ${parameter.name}`),
      ),
    );
    expect(prefilled).toEqual([]);
  });
});
