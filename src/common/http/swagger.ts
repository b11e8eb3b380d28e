import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { codesWithStatus } from '../errors/error-codes';
import { ProblemDetailsDto } from './problem-details.dto';
import { problemExamples } from './problem-examples';
import { NetworkAttachmentDto } from '../../servers/dto/network-attachment.dto';
import metadata from '../../metadata';

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
            examples: problemExamples(429),
          },
        },
      };
    }
  }
}

/** The document's tags, in the order Swagger UI shows them: the everyday ones first. */
const TAGS: { name: string; description: string }[] = [
  { name: 'servers', description: 'Virtual machines: create, read, change, act on, delete' },
  { name: 'images', description: 'Glance images visible to your project' },
  { name: 'flavors', description: 'Server sizes' },
  { name: 'keypairs', description: "Your project's SSH key pairs" },
  { name: 'networks', description: 'Networks your project may plug servers into' },
  { name: 'health', description: 'Liveness and readiness probes (no key needed)' },
  { name: 'admin', description: 'API keys and the simulator’s fault injection (admin keys only)' },
];

/** What each path parameter names, by the collection it follows. */
const PATH_PARAMS: Record<string, { description: string; format?: string }> = {
  'servers/id': { description: "The server's id", format: 'uuid' },
  'images/id': { description: "The image's id", format: 'uuid' },
  'flavors/id': { description: "The flavor's id (such as `1`)" },
  'networks/id': { description: "The network's id", format: 'uuid' },
  'api-keys/id': { description: "The API key's id", format: 'uuid' },
  'keypairs/name': { description: "The key pair's name" },
  'tags/tag': { description: 'The tag' },
};

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

/**
 * Touches the generated document where decorators cannot say it once: tag order and
 * descriptions, path parameters described (with their format), and list filters without
 * examples, so "Try it out" starts from an unfiltered list.
 */
function refine(document: OpenAPIObject): void {
  document.tags = TAGS;
  const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;
  for (const [path, item] of Object.entries(document.paths)) {
    const segments = path.split('/');
    for (const method of methods) {
      const operation: Operation | undefined = item[method];
      if (!operation) continue;
      // Public operations say so, rather than leaving security undefined.
      operation.security ??= [];
      // Any route can be refused below the router (a malformed URL or header): 400.
      if (!Object.keys(operation.responses).some((status) => status.startsWith('4'))) {
        operation.responses['400'] = {
          description: 'The request line or headers are malformed (BAD_REQUEST)',
          content: {
            'application/problem+json': {
              schema: { $ref: '#/components/schemas/ProblemDetailsDto' },
            },
          },
        };
      }
      for (const parameter of operation.parameters ?? []) {
        if (!('in' in parameter)) continue;
        if (parameter.in === 'path') {
          const index = segments.indexOf(`{${parameter.name}}`);
          const known = PATH_PARAMS[`${segments[index - 1]}/${parameter.name}`];
          if (!known) continue;
          parameter.description ??= known.description;
          if (known.format && parameter.schema && !('$ref' in parameter.schema)) {
            parameter.schema.format = known.format;
          }
        } else if (parameter.in === 'query') {
          // Optional, with a default; an example would be sent by "Try it out".
          parameter.required = false;
          delete parameter.example;
          if (parameter.schema && !('$ref' in parameter.schema)) delete parameter.schema.example;
        }
      }
    }
  }
}

/** The OpenAPI document of the app's routes, with the touches above. */
function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('VM Lifecycle API')
    .setDescription(
      'Create and operate virtual machines on OpenStack: servers, images and flavors. ' +
        'Every endpoint except health, docs and metrics needs `Authorization: Bearer <api key>`; ' +
        'errors are RFC 9457 problem details with a stable `code`.',
    )
    .setVersion(packageVersion())
    .setLicense('Proprietary (UNLICENSED)', 'https://vm-lifecycle.dev/license')
    .addServer('/', 'This service')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      // Not a JWT (Nest's default label): an opaque API key minted by an admin.
      bearerFormat: 'API key',
      description: 'An API key',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Models referenced only from hand-written schemas (a oneOf), which the scanner misses.
    extraModels: [ProblemDetailsDto, NetworkAttachmentDto],
  });
  declareRateLimit(document);
  refine(document);
  return document;
}

/**
 * Serves Swagger UI at /docs and the OpenAPI 3 document at /docs-json. The document is built
 * on the first request for it, not at boot, where it took a sixth of the start (ADR 0020).
 */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}

/**
 * What the @nestjs/swagger compiler plugin learns from the DTOs' and controllers' types and
 * comments, kept in src/metadata.ts: the SWC build cannot run the plugin (ADR 0020). main.ts
 * loads it before serving; the tests' transform runs the plugin itself.
 */
export function loadOpenApiMetadata(): Promise<void> {
  return SwaggerModule.loadPluginMetadata(metadata);
}
