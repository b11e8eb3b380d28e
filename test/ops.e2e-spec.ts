import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { declaredCodes } from '../src/common/http/swagger';
import { Api, IMAGES } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

interface OpenApi {
  openapi: string;
  info: { version: string };
  paths: Record<
    string,
    Record<string, { security?: unknown[]; responses: Record<string, unknown> }>
  >;
  components: {
    securitySchemes: Record<string, { type: string; scheme?: string; bearerFormat?: string }>;
    schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
  };
}

/**
 * Every endpoint under /api/v1 that the contract (docs/api.md) names, as `method path`:
 * each backticked "METHOD /api/v1/…" in it, and the siblings written after one in the same
 * table cell ("`POST /api/v1/servers/{id}/pause`, `/unpause`").
 */
function contractEndpoints(): [string, string][] {
  const contract = readFileSync(join(__dirname, '../docs/api.md'), 'utf8');
  const endpoints: [string, string][] = [];
  for (const line of contract.split('\n')) {
    let last: [string, string] | null = null;
    for (const [, code] of line.matchAll(/`([^`]+)`/g)) {
      const full = /^(GET|POST|PUT|PATCH|DELETE) (\/api\/v1\/[\w/{}-]+)$/.exec(code);
      if (full) {
        last = [full[1].toLowerCase(), full[2]];
        endpoints.push(last);
      } else if (last && /^\/[a-z-]+$/.test(code)) {
        endpoints.push([last[0], last[1].replace(/\/[^/]+$/, code)]);
      }
    }
  }
  return endpoints;
}

const ENDPOINTS = contractEndpoints();

type Described = { summary?: string; description?: string };

describe('operations endpoints', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp();
    admin = new Api(t);
  });
  afterAll(() => t.close());

  it('GET / points the way to the API, its docs and probes, without a key', async () => {
    const res = await request(t.http).get('/');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ api: '/api/v1', docs: '/docs', openapi: '/docs-json' });
    for (const path of [res.body.docs, res.body.openapi, res.body.health]) {
      expect((await request(t.http).get(path as string)).status).toBe(200);
    }
  });

  it('GET /api/v1/health → 200 { status: "ok" }', async () => {
    const res = await request(t.http).get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /api/v1/health/ready → 200 with the database and OpenStack checks', async () => {
    const res = await request(t.http).get('/api/v1/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok', openstack: 'ok' } });
  });

  it('GET /metrics → Prometheus text with request counts and servers by status', async () => {
    const running = await admin.createServer();
    expect((await admin.server(running.id)).status).toBe('ACTIVE');
    const stopped = await admin.createServer();
    expect((await admin.action(stopped.id, 'stop')).status).toBe(202);
    expect((await admin.server(stopped.id)).status).toBe('SHUTOFF');
    const res = await request(t.http).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^# TYPE http_requests_total counter$/m);
    expect(res.text).toMatch(
      /^http_requests_total\{method="POST",route="\/api\/v1\/servers",status="202"\} 2$/m,
    );
    expect(res.text).toMatch(/^servers_by_status\{status="ACTIVE"\} 1$/m);
    expect(res.text).toMatch(/^servers_by_status\{status="SHUTOFF"\} 1$/m);
  });

  it('GET /metrics labels unmatched paths as one route, not one series per URL', async () => {
    await request(t.http).get('/api/v1/scan-me-0001');
    await request(t.http).get('/wp-admin/scan-me-0002');
    const text = (await request(t.http).get('/metrics')).text;
    expect(text).not.toContain('scan-me');
    expect(text).toMatch(
      /^http_requests_total\{method="GET",route="unmatched",status="404"\} \d+$/m,
    );
  });

  describe('X-Request-Id', () => {
    it.each([
      ['a 200', () => request(t.http).get('/api/v1/health')],
      ['a 202', () => admin.post('/servers', { name: 'r', imageId: IMAGES.cirros, flavorId: '1' })],
      ['a 400', () => admin.get('/servers/not-a-uuid')],
      ['a 401', () => request(t.http).get('/api/v1/servers')],
      ['a 404', () => request(t.http).get('/nowhere')],
      [
        'a malformed body',
        () => admin.post('/servers').set('content-type', 'application/json').send('{'),
      ],
      ['a 413', () => admin.post('/servers', { name: 'x'.repeat(70_000) })],
      ['/metrics', () => request(t.http).get('/metrics')],
      ['/docs-json', () => request(t.http).get('/docs-json')],
    ])('is on %s', async (_label, send) => {
      const res = await send();
      expect(res.headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    });

    it('echoes up to 128 characters and replaces 129', async () => {
      const ok = await request(t.http).get('/api/v1/health').set('x-request-id', 'a'.repeat(128));
      expect(ok.headers['x-request-id']).toBe('a'.repeat(128));
      const long = await request(t.http).get('/api/v1/health').set('x-request-id', 'a'.repeat(129));
      expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('echoes a sane client value', async () => {
      const res = await request(t.http).get('/api/v1/health').set('x-request-id', 'trace-42.a:b_c');
      expect(res.headers['x-request-id']).toBe('trace-42.a:b_c');
    });

    it.each([
      ['spaces', 'two words'],
      ['300 characters', 'x'.repeat(300)],
      ['angle brackets', '<script>'],
      ['a newline smuggled as %0A', 'a%0Ab'],
    ])('replaces a value with %s by a fresh one', async (_label, sent) => {
      const res = await request(t.http).get('/api/v1/health').set('x-request-id', sent);
      const id = res.headers['x-request-id'];
      expect(id).not.toBe(sent);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('is the request id recorded in the action history', async () => {
      const server = await admin.createServer();
      const res = await admin.action(server.id, 'stop').set('x-request-id', 'ops-stop-1');
      expect(res.headers['x-request-id']).toBe('ops-stop-1');
      expect((await admin.history(server.id))[0]).toMatchObject({ requestId: 'ops-stop-1' });
    });
  });

  describe('Swagger', () => {
    let doc: OpenApi;
    beforeAll(async () => {
      const res = await request(t.http).get('/docs-json');
      expect(res.status).toBe(200);
      doc = res.body as OpenApi;
    });

    it('serves Swagger UI at /docs', async () => {
      const res = await request(t.http).get('/docs');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('swagger');
    });

    it('documents every endpoint of the contract', () => {
      expect(doc.openapi).toMatch(/^3\./);
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method} ${path}`),
      );
      expect(ENDPOINTS.length).toBeGreaterThan(30);
      expect(documented).toEqual(expect.arrayContaining(ENDPOINTS.map(([m, p]) => `${m} ${p}`)));
    });

    it('serves nothing under /api/v1 that the contract does not name', () => {
      const contract = new Set(ENDPOINTS.map(([m, p]) => `${m} ${p}`));
      const served = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/api/v1/'))
        .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
      expect(served.filter((endpoint) => !contract.has(endpoint))).toEqual([]);
    });

    it('declares the bearer scheme and requires it everywhere but health', () => {
      const bearer = doc.components.securitySchemes.bearer;
      expect(bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      // API keys are opaque, not JWTs.
      expect(bearer.bearerFormat).not.toBe('JWT');
      for (const [method, path] of ENDPOINTS) {
        const security = doc.paths[path][method].security;
        if (path.startsWith('/api/v1/health')) expect(security ?? []).toEqual([]);
        else expect(security).toEqual([{ bearer: [] }]);
      }
    });

    it('orders its tags with descriptions, the admin tag last', () => {
      const tags = (doc as unknown as { tags: { name: string; description: string }[] }).tags;
      expect(tags.map((t) => t.name)).toEqual([
        'servers',
        'images',
        'flavors',
        'keypairs',
        'networks',
        'health',
        'admin',
      ]);
      for (const tag of tags) expect(tag.description).toEqual(expect.any(String));
    });

    it('describes path ids, and pre-fills no list filter', () => {
      type Param = { in: string; name: string; required?: boolean; example?: unknown };
      type Op = {
        parameters?: (Param & { description?: string; schema?: Record<string, unknown> })[];
      };
      const server = (doc.paths['/api/v1/servers/{id}'].get as unknown as Op).parameters!;
      expect(server.find((p) => p.name === 'id')).toMatchObject({
        description: "The server's id",
        schema: { format: 'uuid' },
      });
      for (const [, ops] of Object.entries(doc.paths)) {
        for (const op of Object.values(ops) as unknown as Op[]) {
          for (const p of op.parameters ?? []) {
            if (p.in === 'path') expect(p.description).toEqual(expect.any(String));
            if (p.in !== 'query') continue;
            expect(p.required).toBe(false);
            expect(p.example ?? p.schema?.example).toBeUndefined();
          }
        }
      }
      // The example server is one consistent state: ACTIVE, no task, no fault.
      const props = doc.components.schemas.ServerDto.properties as Record<
        string,
        { example?: unknown }
      >;
      expect([props.status.example, props.taskState.example, props.fault.example]).toEqual([
        'ACTIVE',
        null,
        null,
      ]);
      const status = doc.components.schemas.ServerDto.properties!.status as { enum: string[] };
      expect(status.enum).toEqual(expect.arrayContaining(['ACTIVE', 'SHUTOFF', 'VERIFY_RESIZE']));
    });

    it('gives each problem response its own examples, one per code it may carry', () => {
      type Examples = Record<string, { value: { status: number; code: string; title: string } }>;
      const content = (status: string) =>
        (
          doc.paths['/api/v1/servers'].post.responses[status] as {
            content: Record<string, { examples: Examples }>;
          }
        ).content['application/problem+json'].examples;
      const notFound = content('401');
      expect(Object.keys(notFound)).toEqual(['UNAUTHENTICATED']);
      expect(notFound.UNAUTHENTICATED.value).toMatchObject({ status: 401, title: 'Unauthorized' });
      const unusable = content('422');
      expect(Object.keys(unusable)).toEqual(
        expect.arrayContaining(['IMAGE_NOT_FOUND', 'FLAVOR_TOO_SMALL']),
      );
      // A body reference is 422 whatever its code's own status.
      expect(unusable.IMAGE_NOT_FOUND.value).toMatchObject({
        status: 422,
        code: 'IMAGE_NOT_FOUND',
      });
      for (const example of Object.values(content('400'))) expect(example.value.status).toBe(400);
    });

    it('resolves every $ref it holds', () => {
      const text = JSON.stringify(doc);
      const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(refs.length).toBeGreaterThan(10);
      const missing = refs.filter((name) => !(name in doc.components.schemas));
      expect([...new Set(missing)]).toEqual([]);
      expect(Object.keys(doc.components.schemas.NetworkAttachmentDto.properties ?? {})).toEqual([
        'networkId',
        'fixedIp',
      ]);
    });

    it('carries the package version', () => {
      const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
        version: string;
      };
      expect(doc.info.version).toBe(pkg.version);
    });

    it('declares 429 RATE_LIMITED with Retry-After on every authenticated operation', () => {
      for (const [method, path] of ENDPOINTS) {
        if (path.startsWith('/api/v1/health')) continue;
        expect(doc.paths[path][method].responses['429']).toMatchObject({
          description: expect.stringContaining('RATE_LIMITED'),
          headers: { 'Retry-After': expect.anything() },
        });
      }
      expect(doc.paths['/api/v1/health'].get.responses).not.toHaveProperty('429');
    });

    it('describes problem responses with the ProblemDetailsDto schema, narrowed to their codes', () => {
      const problem = doc.components.schemas.ProblemDetailsDto;
      expect(Object.keys(problem.properties ?? {})).toEqual(
        expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'errors']),
      );
      const create = doc.paths['/api/v1/servers'].post.responses;
      for (const status of ['400', '401', '413', '415', '422']) {
        expect(create[status]).toMatchObject({
          content: {
            'application/problem+json': {
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/ProblemDetailsDto' },
                  { properties: { status: { enum: [Number(status)] } } },
                ],
              },
            },
          },
        });
      }
      expect(doc.paths['/api/v1/servers/{id}'].patch.responses).toHaveProperty('412');
      // A body-less action answers no create-only code; it has a body to be refused all the same.
      const start = doc.paths['/api/v1/servers/{id}/start'].post.responses;
      expect(declaredCodes(start['422'])).toEqual(['IDEMPOTENCY_KEY_REUSED', 'UPSTREAM_REJECTED']);
      expect(declaredCodes(start['413'])).toEqual(['PAYLOAD_TOO_LARGE']);
      expect(Object.keys(doc.paths['/api/v1/flavors'].get.responses).sort()).toEqual(
        ['200', '400', '401', '429', '502', '503'].sort(),
      );
    });

    it('declares Location, ETag and Retry-After where they are sent', () => {
      type Headers = { headers?: Record<string, unknown> };
      const response = (path: string, method: string, status: string) =>
        (doc.paths[path][method].responses[status] as Headers).headers ?? {};
      expect(response('/api/v1/servers', 'post', '202')).toHaveProperty('Location');
      expect(response('/api/v1/servers/{id}/tags/{tag}', 'put', '201')).toHaveProperty('Location');
      expect(response('/api/v1/servers/{id}', 'get', '200')).toHaveProperty('ETag');
      expect(response('/api/v1/servers/{id}', 'patch', '200')).toHaveProperty('ETag');
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          if (op.responses['503'] && path !== '/api/v1/health/ready') {
            expect(response(path, method, '503')).toHaveProperty('Retry-After');
          }
        }
      }
    });

    it('gives every operation a summary and a description', () => {
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops) as [string, Described][]) {
          expect([method, path, op.summary, op.description]).toEqual([
            method,
            path,
            expect.stringMatching(/\w/),
            expect.stringMatching(/\w{3}/),
          ]);
        }
      }
    });

    it('describes CreateServerDto with its properties and required fields', () => {
      const dto = doc.components.schemas.CreateServerDto;
      expect(Object.keys(dto.properties ?? {}).sort()).toEqual(
        [
          'accessIPv4',
          'accessIPv6',
          'flavorId',
          'imageId',
          'keyName',
          'metadata',
          'name',
          'networks',
          'userData',
        ].sort(),
      );
      expect([...(dto.required ?? [])].sort()).toEqual(['flavorId', 'imageId', 'name']);
      for (const name of ['ServerDto', 'ServerActionDto', 'ImageDto', 'FlavorDto']) {
        expect(doc.components.schemas).toHaveProperty(name);
      }
    });
  });
});
