import request from 'supertest';
import { Api } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

describe('GET /metrics', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t);
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await request(t.http).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };

  it('counts requests by route and status, cloud calls by service, and servers by status', async () => {
    const server = await api.createServer({ name: 'metered' });
    await api.action(server.id, 'stop').expect(202);
    await api.action(server.id, 'stop').expect(409);

    const text = await scrape();
    expect(text).toMatch(
      /http_requests_total\{method="POST",route="\/api\/v1\/servers\/:id\/stop",status="409"\} 1\n/,
    );
    expect(text).toMatch(/http_request_duration_seconds_bucket\{.*route="\/api\/v1\/servers"/);
    expect(text).toMatch(
      /openstack_calls_total\{service="nova",operation="createServer",outcome="ok"\} 1\n/,
    );
    expect(text).toMatch(
      /openstack_calls_total\{service="glance",operation="getImage",outcome="ok"\} 1\n/,
    );
    expect(text).toMatch(/servers_by_status\{status="SHUTOFF"\} 1\n/);
  });

  it('counts failed cloud calls by error kind', async () => {
    await api.get('/images/00000000-0000-4000-8000-000000000000').expect(404);
    expect(await scrape()).toMatch(
      /openstack_calls_total\{service="glance",operation="getImage",outcome="not_found"\} 1\n/,
    );
  });
});
