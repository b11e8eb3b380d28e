import request from 'supertest';
import { Api, expectProblem } from './support/api';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { startServiceOnCloud } from './support/service-on-cloud';
import { createTestApp, type TestApp } from './support/test-app';

// The OpenStack-compatible API is served over the simulator only, and only when enabled.
describe('where the OpenStack-compatible API is mounted', () => {
  const apps: TestApp[] = [];
  let cloud: OpenStackCloud;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await cloud.close();
  });

  async function served(app: TestApp): Promise<boolean> {
    const res = await request(app.http).get('/compute/v2.1/');
    const faults = await new Api(app).get('/admin/openstack-api/faults');
    if (res.status === 200) {
      expect(faults.status).toBe(200);
      return true;
    }
    expectProblem(res, 404, 'ROUTE_NOT_FOUND');
    expectProblem(faults, 404, 'OPENSTACK_API_DISABLED');
    return false;
  }

  it('is served over the simulator when enabled', async () => {
    const app = await createTestApp({ USE_MOCK_OPENSTACK: 'true', OPENSTACK_API_ENABLED: 'true' });
    apps.push(app);
    expect(await served(app)).toBe(true);
  });

  it('is not served when disabled', async () => {
    const app = await createTestApp({ USE_MOCK_OPENSTACK: 'true', OPENSTACK_API_ENABLED: 'false' });
    apps.push(app);
    expect(await served(app)).toBe(false);
  });

  it('is not served over a real cloud, even when enabled', async () => {
    const app = await startServiceOnCloud(cloud, { OPENSTACK_API_ENABLED: 'true' });
    apps.push(app);
    expect(await served(app)).toBe(false);
    // The REST API itself works on the real client.
    expect((await new Api(app).get('/flavors')).status).toBe(200);
  });
});
