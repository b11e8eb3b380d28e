import { connect } from 'node:net';
import request from 'supertest';
import { Api, expectProblem, IMAGES } from './support/api';
import { ADMIN_KEY, createTestApp, type TestApp } from './support/test-app';

describe('Security headers and caching', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t);
  });
  afterAll(() => t.close());

  it('sends nosniff, frame denial and a CSP that forbids framing and foreign scripts', async () => {
    const res = await api.get('/servers');
    expect(res.status).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('marks authenticated answers, errors and a minted key as no-store', async () => {
    expect((await api.get('/servers')).headers['cache-control']).toBe('no-store');
    expect((await api.get('/servers/nope')).headers['cache-control']).toBe('no-store');
    const minted = await api.post('/admin/api-keys', {
      projectId: 'p-cache',
      role: 'member',
      name: 'cache',
    });
    expect(minted.status).toBe(201);
    expect(minted.headers['cache-control']).toBe('no-store');
  });

  it("lets Swagger UI's own files be cached, and serves its page under the CSP", async () => {
    const css = await request(t.http).get('/docs/swagger-ui.css');
    expect(css.status).toBe(200);
    expect(css.headers['cache-control']).not.toBe('no-store');
    const page = await request(t.http).get('/docs');
    expect(page.status).toBe(200);
    // The page loads its scripts from files, which the CSP's script-src 'self' allows.
    expect(page.text).not.toMatch(/<script>[^<]/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers no CORS headers when no origin is configured', async () => {
    const preflight = await request(t.http)
      .options('/api/v1/servers')
      .set('origin', 'https://console.example.com')
      .set('access-control-request-method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const res = await api.get('/servers').set('origin', 'https://console.example.com');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS with CORS_ORIGINS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      CORS_ORIGINS: 'https://console.example.com, https://ops.example.com',
    });
  });
  afterAll(() => t.close());

  it('allows a listed origin, with the headers a browser client needs', async () => {
    const preflight = await request(t.http)
      .options('/api/v1/servers')
      .set('origin', 'https://ops.example.com')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization, content-type, idempotency-key');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://ops.example.com');
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/Idempotency-Key/i);
    const res = await new Api(t).get('/servers').set('origin', 'https://console.example.com');
    expect(res.headers['access-control-allow-origin']).toBe('https://console.example.com');
    expect(String(res.headers['access-control-expose-headers'])).toMatch(/ETag/);
  });

  it('does not allow an origin that is not listed', async () => {
    const res = await new Api(t).get('/servers').set('origin', 'https://evil.example.com');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('Rate limiting', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REQUESTS: '4', RATE_LIMIT_WINDOW_SECONDS: '60' });
    admin = new Api(t);
  });
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED with Retry-After once a key spends its budget, and does nothing', async () => {
    const member = await admin.as('p-rate-1');
    for (let i = 0; i < 3; i++) expect((await member.get('/servers')).status).toBe(200);
    const last = await member.post('/servers', { name: 'ok', imageId: 'x', flavorId: '1' });
    expect(last.status).toBe(400);
    const refused = await member.post('/servers', {
      name: 'over',
      imageId: '6c5f1c0e-1f1e-4c55-9d53-7d1f2b3c4d5e',
      flavorId: '1',
    });
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Nothing was created by the refused request.
    const listed = await admin.get('/servers?limit=200');
    expect((listed.body as { items: unknown[] }).items).toHaveLength(0);
  });

  it('keeps one budget per key: another key of the same project is not affected', async () => {
    const first = await admin.as('p-rate-2');
    const second = await admin.as('p-rate-2');
    for (let i = 0; i < 4; i++) await first.get('/servers');
    expect((await first.get('/servers')).status).toBe(429);
    expect((await second.get('/servers')).status).toBe(200);
    // One budget across routes, not one per route.
    expectProblem(await first.get('/flavors'), 429, 'RATE_LIMITED');
  });

  it('never limits the health probe', async () => {
    for (let i = 0; i < 8; i++) {
      expect((await request(t.http).get('/api/v1/health')).status).toBe(200);
    }
  });
});

describe('Rate limiting turned off', () => {
  it('lets any number of requests through with RATE_LIMIT_REQUESTS=0', async () => {
    const t = await createTestApp({ RATE_LIMIT_REQUESTS: '0' });
    try {
      const api = new Api(t);
      for (let i = 0; i < 12; i++) expect((await api.get('/flavors')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('Order of checks and media types', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp({}, { listen: true });
    admin = new Api(t);
  });
  afterAll(() => t.close());

  const serverCount = async () =>
    ((await admin.get('/servers?limit=200')).body as { items: unknown[] }).items.length;

  it('authenticates before reading the body: no key and broken JSON is 401, not 400', async () => {
    const res = await request(t.http)
      .post('/api/v1/servers')
      .set('content-type', 'application/json')
      .send('{broken');
    expectProblem(res, 401, 'UNAUTHENTICATED');
    const unknownKey = await request(t.http)
      .post('/api/v1/servers')
      .set('authorization', 'Bearer not-a-key-of-ours')
      .set('content-type', 'application/json')
      .send('{broken');
    expectProblem(unknownKey, 401, 'UNAUTHENTICATED');
  });

  it('takes an empty body with Content-Type: application/json as no body', async () => {
    const server = await admin.createServer({ name: 'empty-body' });
    const stop = await request(t.http)
      .post(`/api/v1/servers/${server.id}/stop`)
      .set('authorization', `Bearer ${ADMIN_KEY}`)
      .set('content-type', 'application/json')
      .send('');
    expect(stop.status).toBe(202);
    // A body that is required stays required.
    const create = await request(t.http)
      .post('/api/v1/servers')
      .set('authorization', `Bearer ${ADMIN_KEY}`)
      .set('content-type', 'application/json')
      .send('');
    expectProblem(create, 400, 'VALIDATION_FAILED');
  });

  it('refuses form-encoded and text bodies with 415, creating nothing', async () => {
    const before = await serverCount();
    const form = await admin
      .call('post', '/servers')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(`name=form&imageId=${IMAGES.cirros}&flavorId=1`);
    expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const text = await admin
      .call('post', '/servers')
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ name: 'text', imageId: IMAGES.cirros, flavorId: '1' }));
    expectProblem(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await serverCount()).toBe(before);
  });

  /** Sends raw bytes and reads the whole answer (the server closes the connection). */
  function raw(bytes: Buffer | string): Promise<{ status: number; headers: string; body: string }> {
    const { port } = new URL(t.baseUrl!);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        const [head, ...rest] = text.split('\r\n\r\n');
        resolve({ status: Number(head.split(' ')[1]), headers: head, body: rest.join('\r\n\r\n') });
      });
      socket.write(bytes);
    });
  }

  it('answers requests the HTTP parser refuses as problem+json', async () => {
    const cases: [Buffer | string, number, string][] = [
      [
        `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
        431,
        'HEADERS_TOO_LARGE',
      ],
      [
        `GET /api/v1/servers?${'q'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
        431,
        'HEADERS_TOO_LARGE',
      ],
      ['GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\n\r\n', 400, 'BAD_REQUEST'],
      [
        Buffer.concat([
          Buffer.from('GET /api/v1/'),
          Buffer.from([0xff]),
          Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n'),
        ]),
        400,
        'BAD_REQUEST',
      ],
    ];
    for (const [bytes, status, code] of cases) {
      const res = await raw(bytes);
      expect(res.status).toBe(status);
      expect(res.headers).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(res.body)).toMatchObject({ status, code });
    }
  });
});

describe('Fault settings of the OpenStack-compatible API', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    // Served over the simulator only, whatever the e2e project.
    t = await createTestApp({ USE_MOCK_OPENSTACK: 'true', OPENSTACK_API_ENABLED: 'true' });
    api = new Api(t);
  });
  afterAll(() => t.close());

  it('refuses null fault settings with 400 and keeps the faults in force', async () => {
    const path = '/admin/openstack-api/faults';
    expect((await api.call('put', path).send({ unavailable: 2 })).status).toBe(200);
    for (const body of [
      { services: null },
      { unavailable: null },
      { rateLimited: null },
      { rateLimited: 'x' },
      { rateLimited: { count: 1 } },
      { services: ['compute', 'storage'] },
      { services: 'compute' },
    ]) {
      expectProblem(await api.call('put', path).send(body), 400, 'VALIDATION_FAILED');
    }
    expect((await api.get(path)).body).toMatchObject({ unavailable: 2 });
    expect((await api.delete(path)).status).toBe(204);
  });
});
