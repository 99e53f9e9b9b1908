import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { ApiDocs } from './api-docs.js';
import { PLATFORM_COMPONENTS } from './platform-components.js';
import { describePlatformAnswers } from './platform-responses.js';
import { operationIdOf, routeFacts } from './route-facts.js';

/** The version of the API the document describes. */
export const API_VERSION = '0.1.0';

/**
 * The OpenAPI document of an app: its routes as their Swagger decorators describe them, plus
 * what the platform does around every route (see `describePlatformAnswers`), read from the
 * routes' own metadata (rate-limit tier, static headers) — so a new route is documented right
 * by default. Nothing in it depends on configuration: the committed `openapi.json` is this
 * document, and a test keeps the two identical.
 */
export function openApiDocument(app: INestApplication, docs: ApiDocs): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(docs.title)
    .setDescription(docs.description)
    .setVersion(API_VERSION)
    .setLicense('MIT', 'https://opensource.org/license/mit')
    // Relative: Swagger UI and clients call the server that served the document.
    .addServer('/', 'The server this document is served by')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from `POST /auth/login` or `POST /auth/refresh`.' });
  for (const tag of docs.tags) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: operationIdOf });
  describePlatformAnswers(document, routeFacts(app));
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...PLATFORM_COMPONENTS.schemas },
    headers: { ...document.components?.headers, ...PLATFORM_COMPONENTS.headers },
    responses: { ...document.components?.responses, ...PLATFORM_COMPONENTS.responses },
  };
  return document;
}
