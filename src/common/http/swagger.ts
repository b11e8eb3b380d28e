import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { ErrorCode } from '../errors/error-codes';
import { problemResponse } from './api-problems.decorator';
import { ProblemDetailsDto } from './problem-details.dto';
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

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Response = ReturnType<typeof problemResponse> & { headers?: object };

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** Every operation of the document, with its path. */
function* operations(document: OpenAPIObject): Generator<[string, Operation]> {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) yield [path, operation];
    }
  }
}

/** The codes a problem response of the document declares (see `problemResponse`). */
export function declaredCodes(response: unknown): ErrorCode[] {
  type Declared = { allOf?: { properties?: { code?: { enum?: ErrorCode[] } } }[] };
  const content = (response as { content?: Record<string, { schema?: Declared }> } | undefined)
    ?.content;
  return [
    ...(content?.['application/problem+json']?.schema?.allOf?.[1]?.properties?.code?.enum ?? []),
  ];
}

/**
 * What every operation may answer besides its own problems, declared here once rather
 * than on each route: a path that is not valid URL encoding is 400 BAD_REQUEST before any
 * route runs, and an operation that needs a key can be refused by the rate limit (429,
 * with Retry-After). A 503 from the cloud may carry Retry-After too.
 */
function declareCommonProblems(document: OpenAPIObject): void {
  for (const [, operation] of operations(document)) {
    const invalid = operation.responses['400'];
    operation.responses['400'] = problemResponse(400, [...declaredCodes(invalid), 'BAD_REQUEST']);
    const unavailable = declaredCodes(operation.responses['503']);
    if (unavailable.length > 0) {
      operation.responses['503'] = {
        ...problemResponse(503, unavailable),
        headers: {
          'Retry-After': {
            description: 'Seconds to wait, when the cloud said (or this service stopped asking it)',
            schema: { type: 'integer', minimum: 1 },
          },
        },
      };
    }
    if (!operation.responses['401']) continue;
    operation.responses['429'] = {
      ...problemResponse(429, ['RATE_LIMITED']),
      headers: {
        'Retry-After': {
          description: 'Seconds until the key may send requests again',
          schema: { type: 'integer', minimum: 1 },
        },
      },
    };
  }
}

/** Examples of problems name the operation's own path (with example ids) as `instance`. */
function exampleInstances(document: OpenAPIObject): void {
  for (const [path, operation] of operations(document)) {
    const instance = path
      .replace('{id}', '0b8a5c1e-2f5e-4d55-9b0e-1a2b3c4d5e6f')
      .replace('{name}', 'ops-key')
      .replace('{tag}', 'web');
    for (const response of Object.values(operation.responses) as Partial<Response>[]) {
      const examples = response.content?.['application/problem+json']?.examples ?? {};
      for (const example of Object.values(examples)) {
        example.value = { ...example.value, instance };
      }
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

/**
 * Touches the generated document where decorators cannot say it once: tag order and
 * descriptions, path parameters described (with their format), and list filters without
 * examples, so "Try it out" starts from an unfiltered list.
 */
function refine(document: OpenAPIObject): void {
  document.tags = TAGS;
  for (const [path, operation] of operations(document)) {
    const segments = path.split('/');
    // Public operations say so, rather than leaving security undefined.
    operation.security ??= [];
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

/** The OpenAPI document of the app's routes, with the touches above. */
function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('VM Lifecycle API')
    .setDescription(
      'Create and operate virtual machines on OpenStack: servers, images, flavors, key pairs ' +
        'and networks. Every endpoint except health, docs and metrics needs ' +
        '`Authorization: Bearer <api key>`. Errors are RFC 9457 problem details with a stable ' +
        '`code`; each operation lists exactly the codes it may answer with. Requests refused ' +
        'before any route runs are problem details too: 400 `BAD_REQUEST` (a malformed request ' +
        'line, header or URL encoding), 408 `REQUEST_TIMEOUT`, 431 `HEADERS_TOO_LARGE`.',
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
  declareCommonProblems(document);
  exampleInstances(document);
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
