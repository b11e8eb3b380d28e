import { SSH_KEYS } from '../src/compute/testing/ssh-key-fixtures';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { IMAGE_IDS, OpenStackHttp, type OsResponse } from './support/openstack-http';

const SHORT_CREATE_KEYS = ['OS-DCF:diskConfig', 'adminPass', 'id', 'links', 'security_groups'];

describe('OpenStack API: Nova v2.1', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
    token = await os.token();
  });
  afterAll(() => cloud.close());

  const show = async (id: string, microversion = '2.93') => {
    const res = await os.nova('GET', `/servers/${id}`, { token, microversion });
    expect(res.status).toBe(200);
    return res.body.server as Record<string, unknown>;
  };
  const act = (id: string, body: unknown, microversion = '2.93') =>
    os.nova('POST', `/servers/${id}/action`, { token, microversion, body });
  const expectEmpty202 = (res: OsResponse) => {
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.text).toBe('');
  };

  describe('versions and microversions', () => {
    it('GET /compute/ lists v2.1 with min 2.1 and max 2.93', async () => {
      const res = await os.call('GET', '/compute/');
      expect(res.status).toBe(200);
      expect(res.body.versions).toEqual([
        expect.objectContaining({
          id: 'v2.1',
          status: 'CURRENT',
          min_version: '2.1',
          version: '2.93',
          links: [{ rel: 'self', href: `${cloud.baseUrl}/compute/v2.1/` }],
        }),
      ]);
    });

    it('GET /compute/v2.1/ is the version document, with the microversion headers', async () => {
      const res = await os.call('GET', '/compute/v2.1/');
      expect(res.status).toBe(200);
      expect(res.body.version).toMatchObject({ id: 'v2.1', min_version: '2.1', version: '2.93' });
      expect(res.headers.get('openstack-api-version')).toBe('compute 2.1');
      expect(res.headers.get('x-openstack-nova-api-version')).toBe('2.1');
      expect(res.headers.get('vary')).toBe('OpenStack-API-Version, X-OpenStack-Nova-API-Version');
    });

    it.each([
      [{}, '2.1'],
      [{ 'openstack-api-version': 'compute 2.60' }, '2.60'],
      [{ 'openstack-api-version': 'volume 3.5, compute 2.47' }, '2.47'],
      [{ 'openstack-api-version': 'compute latest' }, '2.93'],
      [{ 'x-openstack-nova-api-version': '2.40' }, '2.40'],
      [{ 'openstack-api-version': 'compute 2.50', 'x-openstack-nova-api-version': '2.40' }, '2.50'],
    ])('negotiates %j as %s', async (headers, version) => {
      const res = await os.nova('GET', '/servers', { token, headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('openstack-api-version')).toBe(`compute ${version}`);
      expect(res.headers.get('x-openstack-nova-api-version')).toBe(version);
      expect(res.headers.get('x-compute-request-id')).toBe(
        res.headers.get('x-openstack-request-id'),
      );
    });

    it.each(['2.999', '2.0', '3.0'])('answers 406 for %s, as Nova does', async (version) => {
      const res = await os.nova('GET', '/servers', { token, microversion: version });
      expect(res.status).toBe(406);
      expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
      expect(res.headers.get('openstack-api-version')).toBe(`compute ${version}`);
      expect(res.body).toEqual({
        computeFault: {
          code: 406,
          message: `Version ${version} is not supported by the API. Minimum is 2.1 and maximum is 2.93.`,
        },
      });
      expect((await os.call('GET', '/compute/v2.1/', { microversion: version })).status).toBe(406);
    });

    it('answers 400 for a malformed version', async () => {
      const res = await os.nova('GET', '/servers', { token, microversion: '2.x' });
      expect(res.status).toBe(400);
      expect(res.body.badRequest.message).toMatch(/invalid format/);
    });
  });

  describe('server lifecycle', () => {
    it('create → ACTIVE → os-stop → os-start → 409 → reboot → createImage → delete → 404', async () => {
      const keypair = await os.nova('POST', '/os-keypairs', {
        token,
        microversion: '2.93',
        body: { keypair: { name: 'my-key', public_key: SSH_KEYS.ed25519.line } },
      });
      expect(keypair.status).toBe(201);
      const create = await os.nova('POST', '/servers', {
        token,
        microversion: '2.93',
        body: {
          server: {
            name: 'web-1',
            imageRef: IMAGE_IDS.cirros,
            flavorRef: '1',
            networks: 'none',
            metadata: { role: 'web' },
            key_name: 'my-key',
            user_data: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
          },
        },
      });
      expect(create.status).toBe(202);
      const id = create.body.server.id as string;
      expect(Object.keys(create.body.server).sort()).toEqual(SHORT_CREATE_KEYS);
      expect(create.headers.get('location')).toBe(`${cloud.baseUrl}/compute/v2.1/servers/${id}`);
      expect(create.body.server.links[0]).toEqual({
        rel: 'self',
        href: `${cloud.baseUrl}/compute/v2.1/servers/${id}`,
      });

      const active = await show(id);
      expect(active).toMatchObject({
        status: 'ACTIVE',
        name: 'web-1',
        tenant_id: 'demo',
        metadata: { role: 'web' },
        key_name: 'my-key',
        'OS-EXT-STS:vm_state': 'active',
        'OS-EXT-STS:task_state': null,
        'OS-EXT-STS:power_state': 1,
        'OS-SRV-USG:launched_at': '2030-01-01T00:00:00.000000',
        addresses: {},
        image: { id: IMAGE_IDS.cirros },
        flavor: { vcpus: 1, ram: 512, disk: 1, original_name: 'm1.tiny' },
        created: '2030-01-01T00:00:00Z',
        server_groups: [],
      });
      expect(active).not.toHaveProperty('security_groups');
      expect(active).not.toHaveProperty('fault');

      expectEmpty202(await act(id, { 'os-stop': null }));
      expect(await show(id)).toMatchObject({ status: 'SHUTOFF', 'OS-EXT-STS:power_state': 4 });
      expectEmpty202(await act(id, { 'os-start': null }));
      expect((await show(id)).status).toBe('ACTIVE');

      const conflict = await act(id, { 'os-start': null });
      expect(conflict.status).toBe(409);
      expect(conflict.headers.get('content-type')).toBe('application/json; charset=UTF-8');
      expect(conflict.body).toEqual({
        conflictingRequest: {
          code: 409,
          message: `Cannot 'start' instance ${id} while it is in vm_state active`,
        },
      });

      expectEmpty202(await act(id, { reboot: { type: 'SOFT' } }));
      expectEmpty202(await act(id, { reboot: { type: 'hard' } }));
      expect((await show(id)).status).toBe('ACTIVE');

      const snapshot = await act(id, { createImage: { name: 'snap', metadata: { k: 'v' } } });
      expect(snapshot.status).toBe(202);
      expect(snapshot.body).toEqual({ image_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const legacy = await act(id, { createImage: { name: 'snap-2.1' } }, '2.1');
      // Below 2.45 Nova's empty 202 is labelled HTML (sample 289).
      expect(legacy.status).toBe(202);
      expect(legacy.headers.get('content-type')).toBe('text/html; charset=UTF-8');
      expect(legacy.text).toBe('');
      expect(legacy.headers.get('location')).toMatch(
        new RegExp(`^${cloud.baseUrl}/image/images/[0-9a-f-]{36}$`),
      );

      const deleted = await os.nova('DELETE', `/servers/${id}`, { token, microversion: '2.93' });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      const gone = await os.nova('GET', `/servers/${id}`, { token, microversion: '2.93' });
      expect(gone.status).toBe(404);
      expect(gone.body).toEqual({
        itemNotFound: { code: 404, message: `Instance ${id} could not be found.` },
      });
      expect((await os.nova('DELETE', `/servers/${id}`, { token })).status).toBe(404);
      expect((await act(id, { 'os-stop': null })).status).toBe(404);
    });

    it('answers a rebuild with the server as Nova accepted it: new image, REBUILD', async () => {
      const id = await os.createServer(token, { flavorRef: '2', metadata: { role: 'web' } });
      const res = await act(id, {
        rebuild: { imageRef: IMAGE_IDS.ubuntu, name: 'web-2', metadata: { role: 'db' } },
      });
      expect(res.status).toBe(202);
      expect(res.headers.get('location')).toBe(`${cloud.baseUrl}/compute/v2.1/servers/${id}`);
      // As on Nova Zed: the image, name and metadata are set at once; user_data from 2.57.
      expect(res.body.server).toMatchObject({
        id,
        status: 'REBUILD',
        'OS-EXT-STS:vm_state': 'active',
        'OS-EXT-STS:task_state': 'rebuilding',
        image: { id: IMAGE_IDS.ubuntu },
        name: 'web-2',
        metadata: { role: 'db' },
        adminPass: expect.any(String),
        user_data: null,
      });
      expect(await show(id)).toMatchObject({ status: 'ACTIVE', image: { id: IMAGE_IDS.ubuntu } });
      const old = await act(id, { rebuild: { imageRef: IMAGE_IDS.cirros } }, '2.56');
      expect(old.body.server).not.toHaveProperty('user_data');
    });

    it('tails the console log as Nova does: 0 lines is none, -1 drops the first', async () => {
      const id = await os.createServer(token);
      const output = async (args: unknown) => {
        const res = await act(id, { 'os-getConsoleOutput': args });
        expect(res.status).toBe(200);
        return (res.body.output as string).split('\n');
      };
      const whole = await output({});
      expect(whole.length).toBeGreaterThan(2);
      expect(await output({ length: null })).toEqual(whole);
      expect(await output({ length: 2 })).toEqual(whole.slice(-2));
      expect(await output({ length: '2' })).toEqual(whole.slice(-2));
      expect(await output({ length: 0 })).toEqual(['']);
      expect(await output({ length: -1 })).toEqual(whole.slice(1));
      const refused = await act(id, { 'os-getConsoleOutput': null });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        badRequest: {
          code: 400,
          message:
            "Invalid input for field/attribute os-getConsoleOutput. Value: None. None is not of type 'object'",
        },
      });
    });

    it('shows the flavor as a link before 2.47 and the 2.1 field set', async () => {
      const id = await os.createServer(token);
      const server = await show(id, '2.1');
      expect(server.flavor).toEqual({
        id: '1',
        links: [{ rel: 'bookmark', href: `${cloud.baseUrl}/compute/flavors/1` }],
      });
      for (const later of ['locked', 'description', 'tags', 'server_groups']) {
        expect(server).not.toHaveProperty(later);
      }
      expect(server).toHaveProperty('OS-EXT-AZ:availability_zone', 'nova');
    });

    it('shows a failed build as ERROR with its fault (mock:fail through Nova metadata)', async () => {
      const id = await os.createServer(token, { metadata: { 'mock:fail': 'build' } });
      const server = await show(id);
      expect(server.status).toBe('ERROR');
      expect(server.fault).toEqual({
        code: 500,
        created: '2030-01-01T00:00:00Z',
        message: expect.stringContaining('injected failure'),
      });
      expectEmpty202(await act(id, { 'os-stop': null }));
    });

    it('hides servers of other projects', async () => {
      const adminToken = await os.token(cloud.adminKey, 'admin');
      const id = await os.createServer(adminToken);
      expect((await os.nova('GET', `/servers/${id}`, { token })).status).toBe(404);
      expect((await act(id, { 'os-stop': null })).status).toBe(404);
    });

    it.each([
      [
        'no networks at 2.37+',
        '2.93',
        { networks: undefined },
        /'networks' is a required property/,
      ],
      [
        'networks "none" below 2.37',
        '2.36',
        { networks: 'none' },
        "Invalid input for field/attribute networks. Value: none. 'none' is not of type 'array'",
      ],
      [
        'an unknown network',
        '2.93',
        { networks: [{ uuid: '00000000-0000-4000-8000-000000000000' }] },
        'Network 00000000-0000-4000-8000-000000000000 could not be found.',
      ],
      ['an unknown flavor', '2.93', { flavorRef: '99' }, /Flavor 99 could not be found/],
      ['an unknown image', '2.93', { imageRef: 'nope' }, /Image nope could not be found/],
      ['a queued image', '2.93', { imageRef: IMAGE_IDS.fedoraQueued }, /is not active/],
      ['an image too big for the flavor', '2.93', { imageRef: IMAGE_IDS.windows }, /too small/],
      ['a missing name', '2.93', { name: undefined }, /name/],
      ['bad user_data', '2.93', { user_data: '%%%' }, /base 64/],
    ])('refuses a create with %s (400)', async (_label, microversion, override, message) => {
      const res = await os.nova('POST', '/servers', {
        token,
        microversion,
        body: {
          server: {
            name: 'x',
            imageRef: IMAGE_IDS.cirros,
            flavorRef: '1',
            networks: 'none',
            ...override,
          },
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.badRequest.code).toBe(400);
      expect(res.body.badRequest.message).toMatch(message);
    });

    it('creates without networks below 2.37, and takes flavor and image links as refs', async () => {
      const res = await os.nova('POST', '/servers', {
        token,
        body: {
          server: {
            name: 'legacy',
            imageRef: `${cloud.baseUrl}/image/v2/images/${IMAGE_IDS.cirros}`,
            flavorRef: `${cloud.baseUrl}/compute/flavors/2`,
          },
        },
      });
      expect(res.status).toBe(202);
      expect((await show(res.body.server.id as string, '2.1')).flavor).toMatchObject({ id: '2' });
    });

    it.each([
      [{ 'os-pause': null }, 'There is no such action: os-pause'],
      [{ reboot: { type: 'WARM' } }, /type/],
      [{ createImage: {} }, /name/],
      [[], 'Malformed request body'],
    ])('refuses the action %j (400)', async (body, message) => {
      const id = await os.createServer(token);
      const res = await act(id, body);
      expect(res.status).toBe(400);
      expect(res.body.badRequest.message).toMatch(message);
    });

    it('answers a malformed body and an unknown route as Nova does', async () => {
      const raw = await fetch(`${cloud.baseUrl}/compute/v2.1/servers`, {
        method: 'POST',
        headers: { 'x-auth-token': token, 'content-type': 'application/json' },
        body: '{"server":',
      });
      expect(raw.status).toBe(400);
      expect(await raw.json()).toEqual({
        badRequest: { code: 400, message: 'Malformed request body' },
      });
      const unknown = await os.nova('GET', '/os-hypervisors', { token });
      expect(unknown.status).toBe(404);
      expect(unknown.body.itemNotFound.code).toBe(404);
    });
  });

  describe('actions that take time (MOCK_OPENSTACK_LATENCY_MS=1000)', () => {
    const LATENCY = 1_000;
    let slow: OpenStackCloud;
    let slowOs: OpenStackHttp;
    let slowToken: string;

    beforeAll(async () => {
      slow = await startOpenStackCloud({ MOCK_OPENSTACK_LATENCY_MS: String(LATENCY) });
      slowOs = new OpenStackHttp(slow);
      slowToken = await slowOs.token();
    });
    afterAll(() => slow.close());

    const slowShow = async (id: string) =>
      (await slowOs.nova('GET', `/servers/${id}`, { token: slowToken, microversion: '2.93' })).body
        .server as Record<string, unknown>;

    // As Nova's API sets image_ref before casting the rebuild, the answer (which
    // `openstack server rebuild` prints) and the views during REBUILD show the new image.
    it('rebuild answers REBUILD with the new image, name and metadata at once', async () => {
      const id = await slowOs.createServer(slowToken, { flavorRef: '2' });
      slow.clock.advance(LATENCY);
      expect((await slowShow(id)).status).toBe('ACTIVE');

      const res = await slowOs.nova('POST', `/servers/${id}/action`, {
        token: slowToken,
        microversion: '2.93',
        body: { rebuild: { imageRef: IMAGE_IDS.ubuntu, name: 'rebuilt', metadata: { k: 'v' } } },
      });
      expect(res.status).toBe(202);
      const during = {
        status: 'REBUILD',
        'OS-EXT-STS:task_state': 'rebuilding',
        image: { id: IMAGE_IDS.ubuntu },
        name: 'rebuilt',
        metadata: { k: 'v' },
      };
      expect(res.body.server).toMatchObject({ ...during, adminPass: expect.any(String) });
      expect(await slowShow(id)).toMatchObject(during);

      slow.clock.advance(LATENCY);
      expect(await slowShow(id)).toMatchObject({
        status: 'ACTIVE',
        'OS-EXT-STS:task_state': null,
        image: { id: IMAGE_IDS.ubuntu },
        name: 'rebuilt',
      });
    });
  });
});
