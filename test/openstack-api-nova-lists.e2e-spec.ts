import { SEED_IMAGES } from '../src/simulator';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { OpenStackHttp, pluck } from './support/openstack-http';

describe('OpenStack API: Nova lists, flavors, instance actions and transitions', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
    token = await os.token();
  });
  afterAll(() => cloud.close());

  const act = (id: string, body: unknown, microversion = '2.93') =>
    os.nova('POST', `/servers/${id}/action`, { token, microversion, body });

  describe('transitions with simulated latency', () => {
    let slow: OpenStackCloud;
    let sos: OpenStackHttp;
    let stoken: string;

    beforeAll(async () => {
      slow = await startOpenStackCloud({ MOCK_OPENSTACK_LATENCY_MS: '1000' });
      sos = new OpenStackHttp(slow);
      stoken = await sos.token();
    });
    afterAll(() => slow.close());

    const state = async (id: string) => {
      const s = (await sos.nova('GET', `/servers/${id}`, { token: stoken, microversion: '2.93' }))
        .body.server as Record<string, unknown>;
      return [s.status, s['OS-EXT-STS:task_state'], s['OS-EXT-STS:vm_state']];
    };

    it('shows BUILD/spawning until the clock passes the build, then the task states of each action', async () => {
      const id = await sos.createServer(stoken);
      expect(await state(id)).toEqual(['BUILD', 'spawning', 'building']);
      slow.clock.advance(1000);
      expect(await state(id)).toEqual(['ACTIVE', null, 'active']);

      const stop = () =>
        sos.nova('POST', `/servers/${id}/action`, { token: stoken, body: { 'os-stop': null } });
      expect((await stop()).status).toBe(202);
      expect(await state(id)).toEqual(['ACTIVE', 'powering-off', 'active']);
      const again = await stop();
      expect(again.status).toBe(409);
      expect(again.body.conflictingRequest.message).toBe(
        `Cannot 'stop' instance ${id} while it is in task_state powering-off`,
      );
      slow.clock.advance(1000);
      expect(await state(id)).toEqual(['SHUTOFF', null, 'stopped']);

      expect(
        (
          await sos.nova('POST', `/servers/${id}/action`, {
            token: stoken,
            body: { reboot: { type: 'HARD' } },
          })
        ).status,
      ).toBe(202);
      expect(await state(id)).toEqual(['SHUTOFF', 'rebooting_hard', 'stopped']);
      slow.clock.advance(1000);
      expect(await state(id)).toEqual(['ACTIVE', null, 'active']);
    });
  });

  describe('lists', () => {
    let lister: string;
    const ids: string[] = [];

    beforeAll(async () => {
      // A project of its own, so other tests' servers do not show up.
      const minted = await fetch(`${cloud.baseUrl}/api/v1/admin/api-keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cloud.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ projectId: 'lists', role: 'member', name: 'lists' }),
      });
      const key = ((await minted.json()) as { key: string }).key;
      lister = await os.token(key, 'lists');
      for (const name of ['alpha', 'beta', 'gamma', 'delta', 'alpha-2']) {
        cloud.clock.advance(1000);
        // One of them on another flavor, for the flavor filter.
        const flavor = name === 'gamma' ? { flavorRef: '2' } : {};
        ids.unshift(await os.createServer(lister, { name, ...flavor }));
      }
    });

    const list = (path: string, microversion = '2.93') =>
      os.call('GET', path.startsWith('http') ? path : `/compute/v2.1${path}`, {
        token: lister,
        microversion,
      });

    it('lists newest first, pages with limit and marker, and links the next page', async () => {
      const first = await list('/servers?limit=2');
      expect(first.status).toBe(200);
      expect(pluck(first.body.servers, 'id')).toEqual(ids.slice(0, 2));
      expect(Object.keys(first.body.servers[0]).sort()).toEqual(['id', 'links', 'name']);
      expect(first.body.servers_links).toEqual([
        {
          rel: 'next',
          href: `${cloud.baseUrl}/compute/v2.1/servers?limit=2&marker=${ids[1]}`,
        },
      ]);
      const second = await list(first.body.servers_links[0].href as string);
      expect(pluck(second.body.servers, 'id')).toEqual(ids.slice(2, 4));
      const third = await list(second.body.servers_links[0].href as string);
      expect(pluck(third.body.servers, 'id')).toEqual(ids.slice(4));
      expect(third.body.servers_links).toBeUndefined();
    });

    it('pages /servers/detail the same way, with full views', async () => {
      const page = await list('/servers/detail?limit=3');
      expect(page.body.servers).toHaveLength(3);
      expect(page.body.servers[0]).toHaveProperty('OS-EXT-STS:vm_state', 'active');
      expect(page.body.servers[0]).not.toHaveProperty('server_groups');
      expect(page.body.servers_links[0].href).toBe(
        `${cloud.baseUrl}/compute/v2.1/servers/detail?limit=3&marker=${ids[2]}`,
      );
    });

    it('filters by name (a regular expression) and status', async () => {
      const byName = await list('/servers?name=^alpha');
      expect(pluck(byName.body.servers, 'name')).toEqual(['alpha-2', 'alpha']);
      expect((await list('/servers/detail?status=SHUTOFF')).body.servers).toEqual([]);
      expect((await list('/servers/detail?status=active')).body.servers).toHaveLength(5);
    });

    it('filters by flavor and by image, by id or by URL; an unknown one matches nothing', async () => {
      const names = async (query: string) =>
        pluck((await list(`/servers/detail?${query}`)).body.servers, 'name');
      expect(await names('flavor=2')).toEqual(['gamma']);
      expect(
        await names(`flavor=${encodeURIComponent(`${cloud.baseUrl}/compute/v2.1/flavors/2`)}`),
      ).toEqual(['gamma']);
      expect(await names('flavor=nonexistent')).toEqual([]);
      expect(await names(`image=${SEED_IMAGES.cirros.id}`)).toHaveLength(5);
      expect(await names('image=00000000-0000-4000-8000-000000000000')).toEqual([]);
      expect(await names(`image=${SEED_IMAGES.cirros.id}&flavor=1`)).toHaveLength(4);
    });

    it('refuses a bad limit or an unknown marker (400)', async () => {
      expect((await list('/servers?limit=abc')).status).toBe(400);
      expect((await list('/servers?limit=-1')).status).toBe(400);
      const res = await list('/servers?marker=00000000-0000-0000-0000-000000000000');
      expect(res.status).toBe(400);
      expect(res.body.badRequest.message).toBe(
        'marker [00000000-0000-0000-0000-000000000000] not found',
      );
    });

    it('includes deleted servers as DELETED with changes-since, and only changed ones', async () => {
      cloud.clock.advance(1000);
      const since = cloud.clock.now().toISOString();
      cloud.clock.advance(60_000);
      const victim = ids[4];
      expect((await os.nova('DELETE', `/servers/${victim}`, { token: lister })).status).toBe(204);

      const live = await list('/servers/detail');
      expect(pluck(live.body.servers, 'id')).not.toContain(victim);

      const changed = await list(`/servers/detail?changes-since=${encodeURIComponent(since)}`);
      expect(changed.body.servers).toHaveLength(1);
      expect(changed.body.servers[0]).toMatchObject({
        id: victim,
        status: 'DELETED',
        'OS-EXT-STS:vm_state': 'deleted',
        'OS-SRV-USG:terminated_at': expect.stringMatching(/^\d{4}-.*\.\d{6}$/),
      });
      const everything = await list('/servers?changes-since=2029-01-01T00:00:00Z');
      expect(everything.body.servers).toHaveLength(5);
      const before = await list(`/servers?changes-before=${encodeURIComponent(since)}`, '2.66');
      expect(before.body.servers).toHaveLength(4);
      expect((await list('/servers?changes-since=yesterday')).status).toBe(400);
    });
  });

  describe('flavors', () => {
    it('lists, details, pages and shows flavors', async () => {
      const list = await os.nova('GET', '/flavors', { token });
      expect(pluck(list.body.flavors, 'name')).toEqual([
        'm1.tiny',
        'm1.small',
        'm1.medium',
        'm1.large',
      ]);
      expect(Object.keys(list.body.flavors[0]).sort()).toEqual(['id', 'links', 'name']);

      const detail = await os.nova('GET', '/flavors/detail', { token, microversion: '2.93' });
      expect(detail.body.flavors[1]).toEqual({
        id: '2',
        name: 'm1.small',
        ram: 2048,
        disk: 20,
        swap: 0,
        'OS-FLV-EXT-DATA:ephemeral': 0,
        'OS-FLV-DISABLED:disabled': false,
        vcpus: 1,
        'os-flavor-access:is_public': true,
        rxtx_factor: 1,
        links: [
          { rel: 'self', href: `${cloud.baseUrl}/compute/v2.1/flavors/2` },
          { rel: 'bookmark', href: `${cloud.baseUrl}/compute/flavors/2` },
        ],
        description: null,
        extra_specs: {},
      });
      const old = await os.nova('GET', '/flavors/detail?minRam=4096', { token });
      expect(pluck(old.body.flavors, 'id')).toEqual(['3', '4']);
      expect(old.body.flavors[0].swap).toBe('');

      const page = await os.nova('GET', '/flavors?limit=2&marker=1', { token });
      expect(pluck(page.body.flavors, 'id')).toEqual(['2', '3']);
      expect(page.body.flavors_links[0].href).toBe(
        `${cloud.baseUrl}/compute/v2.1/flavors?limit=2&marker=3`,
      );

      expect((await os.nova('GET', '/flavors/3', { token })).body.flavor.vcpus).toBe(2);
      expect((await os.nova('GET', '/flavors/1/os-extra_specs', { token })).body).toEqual({
        extra_specs: {},
      });
      const missing = await os.nova('GET', '/flavors/m1.tiny', { token });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({
        itemNotFound: { code: 404, message: 'Flavor m1.tiny could not be found.' },
      });
    });
  });

  describe('os-instance-actions', () => {
    it('lists the server’s actions newest first and shows each with its event', async () => {
      const id = await os.createServer(token);
      await act(id, { 'os-stop': null });
      await act(id, { 'os-start': null });
      await act(id, { reboot: { type: 'SOFT' } });

      const res = await os.nova('GET', `/servers/${id}/os-instance-actions`, { token });
      expect(res.status).toBe(200);
      const actions = res.body.instanceActions as Record<string, string>[];
      expect(actions.map((a) => a.action)).toEqual(['reboot', 'start', 'stop', 'create']);
      expect(actions[0]).toEqual({
        action: 'reboot',
        instance_uuid: id,
        message: null,
        project_id: 'demo',
        request_id: expect.stringMatching(/^req-/),
        start_time: expect.stringMatching(/^2030-01-01T\d\d:\d\d:\d\d\.000000$/),
        user_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      });

      const one = await os.nova(
        'GET',
        `/servers/${id}/os-instance-actions/${actions[2].request_id}`,
        { token, microversion: '2.93' },
      );
      expect(one.body.instanceAction).toMatchObject({
        action: 'stop',
        updated_at: expect.any(String),
        events: [
          { event: 'compute_stop_instance', result: 'Success', finish_time: expect.any(String) },
        ],
      });

      const paged = await os.nova('GET', `/servers/${id}/os-instance-actions?limit=2`, {
        token,
        microversion: '2.58',
      });
      expect(paged.body.instanceActions).toHaveLength(2);
      expect(paged.body.links[0].href).toContain(`marker=${actions[1].request_id}`);

      const missing = await os.nova('GET', `/servers/${id}/os-instance-actions/req-nope`, {
        token,
      });
      expect(missing.status).toBe(404);
      const gone = await os.nova('GET', '/servers/nope/os-instance-actions', { token });
      expect(gone.body.itemNotFound.message).toBe('Instance nope could not be found.');
    });

    it('keeps the actions of a deleted server', async () => {
      const id = await os.createServer(token);
      await os.nova('DELETE', `/servers/${id}`, { token });
      const res = await os.nova('GET', `/servers/${id}/os-instance-actions`, { token });
      expect(pluck(res.body.instanceActions, 'action')).toEqual(['delete', 'create']);
    });
  });
});
