import { Api, expectProblem, IMAGES, type ServerBody } from './support/api';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { restLifecycle } from './support/rest-lifecycle';
import { openstackRequests, startServiceOnCloud } from './support/service-on-cloud';
import type { TestApp } from './support/test-app';

// The service with USE_MOCK_OPENSTACK=false, its real client talking HTTP to a second app
// that serves the OpenStack-compatible API over the simulator.
describe('the service on the real OpenStack client', () => {
  let cloud: OpenStackCloud;
  let service: TestApp;
  let api: Api;

  beforeAll(async () => {
    cloud = await startOpenStackCloud({ MOCK_OPENSTACK_LATENCY_MS: '1000' });
  });
  afterAll(() => cloud.close());
  afterEach(async () => {
    await cloud.clearFaults();
    await service.close();
  });

  /** Both apps' clocks move together, as real time would. */
  const pass = (ms: number) => {
    cloud.clock.advance(ms);
    service.clock.advance(ms);
    return Promise.resolve();
  };

  describe('lifecycles', () => {
    beforeEach(async () => {
      service = await startServiceOnCloud(cloud);
      api = new Api(service);
    });

    it('runs create → ACTIVE → stop → start → reboot → snapshot → delete', async () => {
      let history: [string, string][] = [];
      const { imageId } = await restLifecycle(
        { http: service.http, key: api.key, imageId: IMAGES.cirros, flavorId: '1', pass },
        {
          name: 'rest-lifecycle',
          reboot: true,
          snapshot: true,
          beforeDelete: async (id) => {
            history = (await api.history(id)).map((a) => [a.action, a.status]);
          },
        },
      );
      expect(history).toEqual([
        ['snapshot', 'succeeded'],
        ['reboot', 'succeeded'],
        ['start', 'succeeded'],
        ['stop', 'succeeded'],
        ['create', 'succeeded'],
      ]);
      const image = await api.get(`/images/${imageId}`);
      expect(image.body).toMatchObject({ id: imageId, name: 'rest-lifecycle-snap' });
      expect(await openstackRequests(service.app)).toMatchObject({ identity: 1, image: 3 });
    });

    it('authenticates once for 50 servers through create → ACTIVE → stop → start → delete', async () => {
      const ids = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const res = await api.post('/servers', {
            name: `fleet-${i}`,
            imageId: IMAGES.cirros,
            flavorId: '1',
          });
          expect(res.status).toBe(202);
          return (res.body as ServerBody).id;
        }),
      );
      const settle = async (status: string) => {
        await pass(1_000);
        const states = await Promise.all(ids.map((id) => api.server(id)));
        expect(states.map((s) => [s.status, s.taskState])).toEqual(ids.map(() => [status, null]));
      };
      await settle('ACTIVE');
      for (const [action, status] of [
        ['stop', 'SHUTOFF'],
        ['start', 'ACTIVE'],
      ]) {
        const answers = await Promise.all(ids.map((id) => api.action(id, action)));
        expect(answers.map((r) => r.status)).toEqual(ids.map(() => 202));
        await settle(status);
      }
      const deletes = await Promise.all(ids.map((id) => api.delete(`/servers/${id}`)));
      expect(deletes.map((r) => r.status)).toEqual(ids.map(() => 202));
      await pass(1_000);
      const gone = await Promise.all(ids.map((id) => api.get(`/servers/${id}`)));
      expect(gone.map((r) => r.status)).toEqual(ids.map(() => 404));

      const requests = await openstackRequests(service.app);
      expect(requests.identity).toBe(1);
      // Per server: an image check, the create and its read-back, two actions and a delete
      // each read back, and four polls; plus the version document and one flavor lookup
      // (then cached).
      expect(requests.image).toBe(50);
      expect(requests.compute).toBe(2 + 50 * (2 + 2 * 2 + 2 + 4));
    });
  });

  describe('when the cloud fails', () => {
    beforeEach(async () => {
      service = await startServiceOnCloud(cloud, {
        OPENSTACK_MAX_RETRIES: '0',
        OPENSTACK_BREAKER_THRESHOLD: '2',
        OPENSTACK_BREAKER_COOLDOWN_MS: '10000',
      });
      api = new Api(service);
    });

    it('answers 503 UPSTREAM_UNAVAILABLE, fails fast with Retry-After once the circuit opens, and recovers', async () => {
      expect((await api.get('/images')).status).toBe(200);
      await cloud.setFaults({ unavailable: 1_000 });
      for (let i = 0; i < 2; i++) {
        expectProblem(await api.get('/images'), 503, 'UPSTREAM_UNAVAILABLE');
      }
      const sent = (await openstackRequests(service.app)).image;
      const fast = await api.get('/images');
      expectProblem(fast, 503, 'UPSTREAM_UNAVAILABLE');
      expect(fast.headers['retry-after']).toBe('10');
      expect(JSON.stringify(fast.body)).not.toMatch(/127\.0\.0\.1|http:/);
      expect((await openstackRequests(service.app)).image).toBe(sent);

      await cloud.clearFaults();
      expectProblem(await api.get('/images'), 503, 'UPSTREAM_UNAVAILABLE');
      await pass(10_000);
      expect((await api.get('/images')).status).toBe(200);
      expect((await api.get(`/images/${IMAGES.cirros}`)).status).toBe(200);
    });

    it('reports readiness from the cloud', async () => {
      expect((await api.get('/health/ready')).status).toBe(200);
      await cloud.setFaults({ unavailable: 1_000 });
      const down = await api.get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ checks: { database: 'ok', openstack: 'failed' } });
    });

    it('keeps a create that the cloud refused out of the inventory’s live servers', async () => {
      await cloud.setFaults({ unavailable: 1 });
      const res = await api.post('/servers', { name: 'x', imageId: IMAGES.cirros, flavorId: '1' });
      expectProblem(res, 503, 'UPSTREAM_UNAVAILABLE');
      expect((await api.listServers()).items.map((s) => s.status)).not.toContain('BUILD');
    });
  });
});
