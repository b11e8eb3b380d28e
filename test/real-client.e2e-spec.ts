import { DataSource } from 'typeorm';
import { OpenStackClient } from '../src/compute/openstack-client';
import { ServerActionEntity } from '../src/servers/server-action.entity';
import { ServerEntity } from '../src/servers/server.entity';
import { SSH_KEYS } from '../src/compute/testing/ssh-key-fixtures';
import { Api, expectProblem, IMAGES, type ServerBody } from './support/api';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { OpenStackHttp } from './support/openstack-http';
import { restLifecycle } from './support/rest-lifecycle';
import { openstackRequests, startServiceOnCloud } from './support/service-on-cloud';
import type { TestApp } from './support/test-app';

// The service with USE_MOCK_OPENSTACK=false, its real client talking HTTP to a second app
// that serves the OpenStack-compatible API over the simulator.
describe('the service on the real OpenStack client', () => {
  let cloud: OpenStackCloud;
  let service: TestApp;
  let api: Api;
  let nova: OpenStackHttp;

  beforeAll(async () => {
    cloud = await startOpenStackCloud({ MOCK_OPENSTACK_LATENCY_MS: '1000' });
    nova = new OpenStackHttp(cloud);
  });
  afterAll(() => cloud.close());
  afterEach(async () => {
    await cloud.clearFaults();
    await service.close();
  });

  /** The servers the cloud holds for the service's one credential (project `demo`). */
  const cloudServers = () =>
    cloud.t.app.get(OpenStackClient).listServers({ projectId: cloud.projectName });

  /** A server created through the REST API and left to become ACTIVE. */
  const activeServer = async (name: string) => {
    const server = await api.createServer({ name });
    await pass(1_000);
    expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
    return server;
  };

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
      // One image check for all 50 creates (remembered for a while). Per server: the
      // create, two actions and a delete, none read back, and four polls of a server in
      // transition (this service runs no reconciler ticks, so reads refresh); plus the
      // version document and one flavor lookup (then cached).
      expect(requests.image).toBe(1);
      expect(requests.compute).toBe(2 + 50 * (1 + 2 + 1 + 4));
    });
  });

  // The default: reconciler ticks keep the inventory fresh and reads never ask Nova. Ticks
  // are driven by the test (an interval of a minute never fires on its own here).
  describe('with reconciler ticks', () => {
    beforeEach(async () => {
      service = await startServiceOnCloud(cloud, { RECONCILE_INTERVAL_MS: '60000' });
      api = new Api(service);
    });

    it('serves polls from the inventory: 10 clients polling servers in transition cost no Nova request', async () => {
      const servers = await Promise.all(
        Array.from({ length: 5 }, (_, i) => api.createServer({ name: `polled-${i}` })),
      );
      const before = await openstackRequests(service.app);
      for (let round = 0; round < 3; round += 1) {
        const polls = await Promise.all(
          servers.flatMap((server) => Array.from({ length: 10 }, () => api.server(server.id))),
        );
        expect(new Set(polls.map((s) => s.status))).toEqual(new Set(['BUILD']));
        await pass(100);
      }
      const listed = await api.listServers();
      expect(listed.items.map((s) => s.status)).toEqual(servers.map(() => 'BUILD'));
      expect(await openstackRequests(service.app)).toEqual(before);

      // One tick: one changes-since list for the project, however many servers moved.
      await pass(1_000);
      expect(await service.reconciler.tick()).toMatchObject({ cloudCalls: 1, updated: 5 });
      const after = await openstackRequests(service.app);
      expect(after.compute - before.compute).toBe(1);
      for (const server of servers) {
        expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
      }
      expect(await openstackRequests(service.app)).toEqual(after);
    });

    it('does not read a server back after an action, and judges an action on fresh state', async () => {
      const server = await api.createServer({ name: 'no-read-back' });
      await pass(1_000);
      await service.reconciler.tick();
      expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });

      const before = await openstackRequests(service.app);
      const stop = await api.action(server.id, 'stop');
      expect(stop.body).toMatchObject({ status: 'ACTIVE', taskState: 'powering-off' });
      // The stop itself, nothing else.
      expect((await openstackRequests(service.app)).compute - before.compute).toBe(1);

      // The stop is over in Nova, but no tick has seen it: a start is judged on the state
      // Nova reports now (one read), not on the stale inventory.
      await pass(1_000);
      const start = await api.action(server.id, 'start');
      expect(start.status).toBe(202);
      expect(start.body).toMatchObject({ status: 'SHUTOFF', taskState: 'powering-on' });
      expect((await openstackRequests(service.app)).compute - before.compute).toBe(3);
    });
  });

  describe('key pairs', () => {
    beforeEach(async () => {
      service = await startServiceOnCloud(cloud);
      api = new Api(service);
    });

    /** The cloud's view: the key pairs of the service's one credential (project demo). */
    const cloudKeypairs = async () =>
      (await cloud.t.app.get(OpenStackClient).listKeypairs({ projectId: cloud.projectName })).map(
        (k) => k.name,
      );

    it('keeps each API project under its own prefix in Nova, and lists only its own, unprefixed', async () => {
      const blue = await api.as('team-blue');
      const red = await api.as('team.red_x');
      expect((await blue.post('/keypairs', { name: 'deploy' })).status).toBe(201);
      const theirs = await red.post('/keypairs', {
        name: 'deploy',
        publicKey: SSH_KEYS.ecdsaP256.line,
      });
      expect(theirs.status).toBe(201);
      // A key pair made with the same credential outside the service is nobody's here.
      await cloud.t.app
        .get(OpenStackClient)
        .createKeypair(
          { projectId: cloud.projectName },
          { name: 'ops-laptop', publicKey: SSH_KEYS.rsa2048.line },
        );
      expect(await cloudKeypairs()).toEqual(
        expect.arrayContaining(['vml-team-blue deploy', 'vml-team_dred__x deploy', 'ops-laptop']),
      );
      const listed = (await blue.get('/keypairs')).body as { items: { name: string }[] };
      expect(listed.items.map((k) => k.name)).toEqual(['deploy']);
      expect((await red.get('/keypairs/deploy')).body).toMatchObject({
        name: 'deploy',
        fingerprint: SSH_KEYS.ecdsaP256.fingerprint,
      });
      expectProblem(await blue.get('/keypairs/ops-laptop'), 404, 'KEYPAIR_NOT_FOUND');
      expect((await red.delete('/keypairs/deploy')).status).toBe(204);
      expect(await cloudKeypairs()).not.toContain('vml-team_dred__x deploy');
      expect((await blue.get('/keypairs/deploy')).status).toBe(200);
    });

    it("boots with Nova's key_name prefixed, and shows the project's own name", async () => {
      const blue = await api.as('kp-boot');
      expect((await blue.post('/keypairs', { name: 'boot key' })).status).toBe(201);
      const server = await blue.createServer({ name: 'keyed', keyName: 'boot key' });
      expect(server.keyName).toBe('boot key');
      const inCloud = (
        await cloud.t.app.get(OpenStackClient).listServers({ projectId: cloud.projectName })
      ).find((s) => s.name === 'keyed');
      expect(inCloud?.keyName).toBe('vml-kp-boot boot key');
      await pass(1_000);
      expect(await blue.server(server.id)).toMatchObject({ status: 'ACTIVE', keyName: 'boot key' });
      expectProblem(
        await blue.post('/servers', {
          name: 'unkeyed',
          imageId: IMAGES.cirros,
          flavorId: '1',
          keyName: 'ops-laptop',
        }),
        422,
        'KEYPAIR_NOT_FOUND',
      );
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

    it('records a create the cloud failed (503 on the create itself) and keeps it out of the live servers', async () => {
      // The create's pre-checks read the image (Glance) and the flavor (Nova, then cached):
      // with the flavor cached and the fault on Nova only, the 503 reaches the create call.
      expect((await api.get('/flavors/1')).status).toBe(200);
      await cloud.setFaults({ unavailable: 1, services: ['compute'] });
      const res = await api.post('/servers', {
        name: 'refused-create',
        imageId: IMAGES.cirros,
        flavorId: '1',
      });
      expectProblem(res, 503, 'UPSTREAM_UNAVAILABLE');

      // The create path ran: its intent was recorded, then written off with a failed
      // create in its history. (A fault spent on a pre-check leaves no row at all.)
      const db = service.app.get(DataSource);
      const rows = await db.getRepository(ServerEntity).find();
      expect(rows).toEqual([
        expect.objectContaining({
          name: 'refused-create',
          cloudId: null,
          status: 'ERROR',
          taskState: null,
          transitional: false,
          intentAt: null,
          deletedAt: expect.any(Date),
        }),
      ]);
      const actions = await db.getRepository(ServerActionEntity).findBy({ serverId: rows[0].id });
      expect(actions).toEqual([
        expect.objectContaining({
          action: 'create',
          status: 'failed',
          error: 'The OpenStack cloud is not answering right now; retry later.',
          finishedAt: expect.any(Date),
        }),
      ]);
      expect((await cloudServers()).map((s) => s.name)).not.toContain('refused-create');
      expect((await api.listServers()).items).toEqual([]);
      expectProblem(await api.get(`/servers/${rows[0].id}`), 404, 'SERVER_NOT_FOUND');
    });

    it('records an action the cloud failed (503) in the history, and leaves the server as it was', async () => {
      const server = await activeServer('fails-to-stop');
      await cloud.setFaults({ unavailable: 1, services: ['compute'] });
      expectProblem(await api.action(server.id, 'stop'), 503, 'UPSTREAM_UNAVAILABLE');

      // The inventory row itself, before any read could refresh it from the cloud.
      const row = await service.app
        .get(DataSource)
        .getRepository(ServerEntity)
        .findOneByOrFail({ id: server.id });
      expect(row).toMatchObject({
        status: 'ACTIVE',
        taskState: null,
        transitional: false,
        intentAt: null,
      });
      expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
      const [stop, create] = await api.history(server.id);
      expect(stop).toMatchObject({
        action: 'stop',
        status: 'failed',
        error: 'The OpenStack cloud is not answering right now; retry later.',
      });
      expect(stop.finishedAt).not.toBeNull();
      expect(create).toMatchObject({ action: 'create', status: 'succeeded' });

      // Nothing is left stuck: the same action goes through once the cloud answers.
      expect((await api.action(server.id, 'stop')).status).toBe(202);
      await pass(1_000);
      expect(await api.server(server.id)).toMatchObject({ status: 'SHUTOFF', taskState: null });
      expect((await api.history(server.id)).map((a) => [a.action, a.status])).toEqual([
        ['stop', 'succeeded'],
        ['stop', 'failed'],
        ['create', 'succeeded'],
      ]);
    });

    it('answers 409 INVALID_STATE_TRANSITION when the cloud refuses an action the inventory allowed, and records it', async () => {
      const server = await activeServer('stopped-in-nova');
      // Someone stops it straight through Nova; the inventory, at rest, still says ACTIVE.
      const [cloudServer] = (await cloudServers()).filter(
        (s) => s.metadata['vm-lifecycle:server-id'] === server.id,
      );
      const token = await nova.token();
      const stopped = await nova.nova('POST', `/servers/${cloudServer.id}/action`, {
        token,
        body: { 'os-stop': null },
      });
      expect(stopped.status).toBe(202);
      await pass(1_000);
      expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });

      const refused = expectProblem(
        await api.action(server.id, 'reboot', { type: 'SOFT' }),
        409,
        'INVALID_STATE_TRANSITION',
      );
      expect(refused.detail).toBe("The cloud refused the action in the server's current state.");
      expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
      const [reboot] = await api.history(server.id);
      expect(reboot).toMatchObject({
        action: 'reboot',
        status: 'failed',
        error: "The cloud refused the action in the server's current state.",
      });
      expect(reboot.finishedAt).not.toBeNull();

      // The reconciler then catches up with the cloud, once the project's idle interval
      // (30 s by default) is over: nothing of it was in transition.
      await pass(30_000);
      await service.reconciler.tick();
      expect(await api.server(server.id)).toMatchObject({ status: 'SHUTOFF', taskState: null });
    });
  });
});
