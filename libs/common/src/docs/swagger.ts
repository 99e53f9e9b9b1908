import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at `/docs` and the OpenAPI document at `/docs-json`, bearer auth declared. */
export function setupSwagger(app: NestFastifyApplication, appName: string, version = '0.1.0'): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Ficus ${appName}`)
      .setDescription('Ficus API. Errors are RFC 9457 problem documents (application/problem+json).')
      .setVersion(version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: `Ficus ${appName} API`,
    swaggerOptions: { persistAuthorization: true },
  });
}
