import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { ApiDocs } from './api-docs.js';
import { openApiDocument } from './openapi-document.js';

/** Swagger UI at `/docs` and the OpenAPI document (see `openApiDocument`) at `/docs-json`. */
export function setupSwagger(app: NestFastifyApplication, docs: ApiDocs): void {
  SwaggerModule.setup('docs', app, openApiDocument(app, docs), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: docs.title,
    swaggerOptions: { persistAuthorization: true },
  });
}
