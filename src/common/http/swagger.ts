import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { codesWithStatus } from '../errors/error-codes';
import { ProblemDetailsDto } from './problem-details.dto';

/** This package's version, from the nearest package.json above this file (src or dist). */
function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 6; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'vm-lifecycle-api' && pkg.version) return pkg.version;
  }
  return '0.0.0';
}

/**
 * Every authenticated operation can be refused by the rate limit: declare its 429, with
 * Retry-After, once here rather than on each route.
 */
function declareRateLimit(document: OpenAPIObject): void {
  const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;
  for (const item of Object.values(document.paths)) {
    for (const method of methods) {
      const operation = item[method];
      if (!operation?.responses['401']) continue;
      operation.responses['429'] = {
        description: `Over this API key's rate limit (${codesWithStatus(429).join(', ')})`,
        headers: {
          'Retry-After': {
            description: 'Seconds until the key may send requests again',
            schema: { type: 'integer', minimum: 1 },
          },
        },
        content: {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/ProblemDetailsDto' },
          },
        },
      };
    }
  }
}

/** Serves Swagger UI at /docs and the OpenAPI 3 document at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('VM Lifecycle API')
    .setDescription(
      'Create and operate virtual machines on OpenStack: servers, images and flavors. ' +
        'Every endpoint except health, docs and metrics needs `Authorization: Bearer <api key>`; ' +
        'errors are RFC 9457 problem details with a stable `code`.',
    )
    .setVersion(packageVersion())
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      // Not a JWT (Nest's default label): an opaque API key minted by an admin.
      bearerFormat: 'API key',
      description: 'An API key',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] });
  declareRateLimit(document);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
