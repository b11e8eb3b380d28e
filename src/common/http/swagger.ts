import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto';

/** Serves Swagger UI at /docs and the OpenAPI 3 document at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('VM Lifecycle API')
    .setDescription(
      'Create and operate virtual machines on OpenStack: servers, images and flavors. ' +
        'Every endpoint except health, docs and metrics needs `Authorization: Bearer <api key>`; ' +
        'errors are RFC 9457 problem details with a stable `code`.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      // Not a JWT (Nest's default label): an opaque API key minted by an admin.
      bearerFormat: 'API key',
      description: 'An API key',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] });
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
