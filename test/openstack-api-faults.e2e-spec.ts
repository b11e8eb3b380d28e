import request from 'supertest';
import { expectProblem } from './support/api';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { OpenStackHttp } from './support/openstack-http';

const FAULTS = '/api/v1/admin/openstack-api/faults';
const NONE = {
  tokenTtlSeconds: null,
  unauthorized: 0,
  unavailable: 0,
  rateLimited: null,
  latencyMs: 0,
  dropConnections: 0,
  services: ['compute', 'image'],
};

describe('OpenStack API: fault injection', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
    token = await os.token();
  });
  afterAll(() => cloud.close());
  afterEach(() => cloud.clearFaults());

  const admin = () => request(cloud.t.http);
  const servers = () => os.nova('GET', '/servers', { token });
  const images = () => os.glance('GET', '/v2/images', { token });

  describe('the admin endpoint', () => {
    it('reads, replaces and clears the faults', async () => {
      const auth = { authorization: `Bearer ${cloud.adminKey}` };
      expect((await admin().get(FAULTS).set(auth)).body).toEqual(NONE);
      const put = await admin()
        .put(FAULTS)
        .set(auth)
        .send({ unavailable: 2, rateLimited: { count: 1, retryAfterSeconds: 3 } });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({
        ...NONE,
        unavailable: 2,
        rateLimited: { count: 1, retryAfterSeconds: 3 },
      });
      // A PUT replaces: what it omits is gone.
      await admin().put(FAULTS).set(auth).send({ latencyMs: 5 }).expect(200);
      expect((await admin().get(FAULTS).set(auth)).body).toEqual({ ...NONE, latencyMs: 5 });
      await admin().delete(FAULTS).set(auth).expect(204);
      expect((await admin().get(FAULTS).set(auth)).body).toEqual(NONE);
    });

    it('is for admin keys only, and validates its body', async () => {
      expectProblem(await admin().get(FAULTS), 401, 'UNAUTHENTICATED');
      const member = { authorization: `Bearer ${cloud.memberKey}` };
      expectProblem(await admin().put(FAULTS).set(member).send({}), 403, 'FORBIDDEN');
      const auth = { authorization: `Bearer ${cloud.adminKey}` };
      for (const body of [
        { unauthorized: -1 },
        { services: ['volume'] },
        { rateLimited: { count: 1 } },
        { latencyMs: 'slow' },
        { surprise: true },
      ]) {
        expectProblem(await admin().put(FAULTS).set(auth).send(body), 400, 'VALIDATION_FAILED');
      }
    });

    it('is documented in the OpenAPI document, unlike the OpenStack routes', async () => {
      const doc = (await admin().get('/docs-json')).body as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toContain(FAULTS);
      expect(Object.keys(doc.paths).filter((p) => /identity|compute|image\//.test(p))).toEqual([]);
    });
  });

  it('unauthorized: answers 401 to the next n Nova/Glance calls, then recovers', async () => {
    await cloud.setFaults({ unauthorized: 2 });
    const first = await servers();
    expect(first.status).toBe(401);
    expect(first.body.error).toMatchObject({ code: 401, title: 'Unauthorized' });
    expect(first.headers.get('www-authenticate')).toMatch(/^Keystone uri=/);
    expect((await images()).status).toBe(401);
    expect((await servers()).status).toBe(200);
    // Keystone was not part of the default services.
    expect((await os.issue(cloud.memberKey, 'demo')).status).toBe(201);
  });

  it('unavailable: 503 in each service’s own error format', async () => {
    await cloud.setFaults({ unavailable: 2 });
    const nova = await servers();
    expect(nova.status).toBe(503);
    expect(nova.body.serviceUnavailable.code).toBe(503);
    const glance = await images();
    expect(glance.status).toBe(503);
    expect(glance.text).toContain('<h1>503 Service Unavailable</h1>');
    expect((await servers()).status).toBe(200);
  });

  it('rateLimited: 429 with Retry-After', async () => {
    await cloud.setFaults({ rateLimited: { count: 1, retryAfterSeconds: 7 } });
    const res = await servers();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body.overLimit.code).toBe(429);
    expect((await servers()).status).toBe(200);
  });

  it('dropConnections: closes the connection without answering', async () => {
    await cloud.setFaults({ dropConnections: 1 });
    await expect(servers()).rejects.toThrow(/fetch failed/);
    expect((await servers()).status).toBe(200);
  });

  it('latencyMs: delays every response of the chosen services', async () => {
    await cloud.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await images()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    const keystoneStarted = performance.now();
    await os.call('GET', '/identity/v3');
    expect(performance.now() - keystoneStarted).toBeLessThan(145);
  });

  it('consumes counted faults in order: drop, 401, 503, then 429', async () => {
    await cloud.setFaults({
      rateLimited: { count: 1, retryAfterSeconds: 1 },
      unavailable: 1,
      unauthorized: 1,
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await servers()).status);
    expect(statuses).toEqual([401, 503, 429, 200]);
  });

  it('services: identity faults hit token requests only when asked for', async () => {
    await cloud.setFaults({ unauthorized: 1, unavailable: 1, services: ['identity'] });
    const refused = await os.issue(cloud.memberKey, 'demo');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe(401);
    expect((await os.issue(cloud.memberKey, 'demo')).status).toBe(503);
    expect((await servers()).status).toBe(200);
    expect((await os.issue(cloud.memberKey, 'demo')).status).toBe(201);
  });

  it('tokenTtlSeconds: tokens issued afterwards expire sooner', async () => {
    await cloud.setFaults({ tokenTtlSeconds: 60 });
    const res = await os.issue(cloud.memberKey, 'demo');
    const short = res.headers.get('x-subject-token')!;
    const { issued_at: issued, expires_at: expires } = res.body.token;
    expect(Date.parse(expires as string) - Date.parse(issued as string)).toBe(60_000);
    cloud.clock.advance(60_000);
    expect((await os.nova('GET', '/servers', { token: short })).status).toBe(401);
    // A token issued before the fault keeps its own lifetime.
    expect((await servers()).status).toBe(200);
  });
});
