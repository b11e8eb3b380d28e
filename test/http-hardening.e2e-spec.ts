import request from 'supertest';
import { Api, expectProblem } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

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
