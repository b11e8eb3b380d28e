import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { expectNovaFault, IMAGE_IDS, OpenStackHttp, pluck } from './support/openstack-http';

/** Keys of a rebuild's answer at 2.1 (Nova Zed, sample 267): no extended attributes. */
const REBUILD_KEYS_21 = [
  'OS-DCF:diskConfig',
  'accessIPv4',
  'accessIPv6',
  'addresses',
  'adminPass',
  'created',
  'flavor',
  'hostId',
  'id',
  'image',
  'links',
  'metadata',
  'name',
  'progress',
  'status',
  'tenant_id',
  'updated',
  'user_id',
];

/**
 * The Nova behaviours Tempest checks around servers, with the lab cloud's answers (Nova
 * Zed; samples 258–299): access addresses, disk config, the rebuild's answer below 2.75,
 * the create's checks and request id, changePassword, createBackup with rotation,
 * forceDelete/restore, the `<name>-shelved` image, and the small APIs (availability
 * zones, server password, quota sets).
 */
describe('OpenStack API: Nova server extras', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;

  beforeAll(async () => {
    cloud = await startOpenStackCloud({ MOCK_OPENSTACK_LATENCY_MS: '1000' });
    os = new OpenStackHttp(cloud);
    token = await os.token();
  });
  afterAll(() => cloud.close());

  const nova = (method: string, path: string, body?: unknown, microversion = '2.1') =>
    os.nova(method, path, { token, microversion, body });
  const act = (id: string, body: unknown, microversion = '2.1') =>
    nova('POST', `/servers/${id}/action`, body, microversion);
  const show = async (id: string, microversion = '2.1') =>
    (await nova('GET', `/servers/${id}`, undefined, microversion)).body.server as Record<
      string,
      unknown
    >;
  const fault = expectNovaFault;
  const create = (server: Record<string, unknown>, microversion = '2.1') =>
    nova(
      'POST',
      '/servers',
      { server: { name: 'extra', imageRef: IMAGE_IDS.cirros, flavorRef: '1', ...server } },
      microversion,
    );
  /** An ACTIVE server (created at 2.93 without networks), settled. */
  const active = async (server: Record<string, unknown> = {}) => {
    const id = await os.createServer(token, server);
    cloud.clock.advance(1_000);
    return id;
  };
  const settle = () => cloud.clock.advance(1_000);

  describe('access addresses and disk config', () => {
    it('keeps them from the create, shows them, and changes them with PUT', async () => {
      const res = await create({
        accessIPv4: '1.1.1.1',
        accessIPv6: '2001:2001::3',
        'OS-DCF:diskConfig': 'AUTO',
      });
      expect(res.status).toBe(202);
      expect(res.body.server['OS-DCF:diskConfig']).toBe('AUTO');
      const id = res.body.server.id as string;
      settle();
      expect(await show(id)).toMatchObject({
        accessIPv4: '1.1.1.1',
        accessIPv6: '2001:2001::3',
        'OS-DCF:diskConfig': 'AUTO',
      });
      const put = await nova('PUT', `/servers/${id}`, {
        server: {
          accessIPv4: '4.3.2.1',
          accessIPv6: '::babe:4.3.2.1',
          'OS-DCF:diskConfig': 'MANUAL',
        },
      });
      expect(put.status).toBe(200);
      // Nova keeps an IPv6 address compressed (sample 265).
      expect(put.body.server).toMatchObject({
        accessIPv4: '4.3.2.1',
        accessIPv6: '::babe:403:201',
        'OS-DCF:diskConfig': 'MANUAL',
      });
      expect(await show(id, '2.93')).toMatchObject({ accessIPv4: '4.3.2.1' });
      // A server never given any shows "".
      expect(await show(await active())).toMatchObject({ accessIPv4: '', accessIPv6: '' });
    });

    it.each([
      [
        { accessIPv4: '1.1.1.1.1.1' },
        "Invalid input for field/attribute accessIPv4. Value: 1.1.1.1.1.1. '1.1.1.1.1.1' is not a 'ipv4'",
      ],
      [
        { accessIPv6: 'notvalid' },
        "Invalid input for field/attribute accessIPv6. Value: notvalid. 'notvalid' is not a 'ipv6'",
      ],
      [
        { accessIPv4: '01.2.3.4' },
        "Invalid input for field/attribute accessIPv4. Value: 01.2.3.4. '01.2.3.4' is not a 'ipv4'",
      ],
      [
        { accessIPv4: null },
        "Invalid input for field/attribute accessIPv4. Value: None. None is not of type 'string'",
      ],
      [
        { 'OS-DCF:diskConfig': 'auto' },
        "Invalid input for field/attribute OS-DCF:diskConfig. Value: auto. 'auto' is not one of ['AUTO', 'MANUAL']",
      ],
    ])('refuses %j on create and on PUT, changing nothing', async (fields, message) => {
      const before = (await nova('GET', '/servers')).body.servers.length as number;
      fault(await create(fields), 400, message);
      expect((await nova('GET', '/servers')).body.servers).toHaveLength(before);
      const id = await active({ accessIPv4: '9.9.9.9' });
      fault(await nova('PUT', `/servers/${id}`, { server: fields }), 400, message);
      expect(await show(id)).toMatchObject({
        accessIPv4: '9.9.9.9',
        'OS-DCF:diskConfig': 'MANUAL',
      });
    });

    it('rebuild takes them; without a disk config it is MANUAL again; resize keeps one given', async () => {
      const id = await active({ 'OS-DCF:diskConfig': 'AUTO' });
      const rebuilt = await act(id, {
        rebuild: { imageRef: IMAGE_IDS.cirros, accessIPv4: '5.6.7.8', 'OS-DCF:diskConfig': 'AUTO' },
      });
      expect(rebuilt.body.server).toMatchObject({
        accessIPv4: '5.6.7.8',
        'OS-DCF:diskConfig': 'AUTO',
      });
      settle();
      const again = await act(id, { rebuild: { imageRef: IMAGE_IDS.cirros } });
      expect(again.body.server['OS-DCF:diskConfig']).toBe('MANUAL');
      settle();
      expect(
        (await act(id, { resize: { flavorRef: '2', 'OS-DCF:diskConfig': 'AUTO' } })).status,
      ).toBe(202);
      settle();
      expect(await show(id)).toMatchObject({
        status: 'VERIFY_RESIZE',
        'OS-DCF:diskConfig': 'AUTO',
      });
      expect((await act(id, { confirmResize: null })).status).toBe(204);
      expect((await act(id, { resize: { flavorRef: '1' } })).status).toBe(202);
      settle();
      expect((await show(id))['OS-DCF:diskConfig']).toBe('AUTO');
    });
  });

  describe("a rebuild's answer", () => {
    it('leaves out the extended attributes below 2.75, key_name from 2.54 on', async () => {
      const id = await active();
      const at21 = await act(id, { rebuild: { imageRef: IMAGE_IDS.cirros } });
      expect(at21.status).toBe(202);
      expect(Object.keys(at21.body.server).sort()).toEqual(REBUILD_KEYS_21);
      settle();
      const at57 = await act(
        id,
        { rebuild: { imageRef: IMAGE_IDS.cirros, user_data: 'ZWNobyBoaQ==' } },
        '2.57',
      );
      expect(at57.body.server).toMatchObject({ key_name: null, user_data: 'ZWNobyBoaQ==' });
      expect(at57.body.server).not.toHaveProperty('OS-EXT-STS:vm_state');
      expect(at57.body.server).not.toHaveProperty('config_drive');
      settle();
      const at75 = await act(id, { rebuild: { imageRef: IMAGE_IDS.cirros } }, '2.75');
      expect(at75.body.server).toMatchObject({
        'OS-EXT-STS:task_state': 'rebuilding',
        config_drive: '',
      });
    });

    it('shows addresses without their type and MAC below 2.75, as an update does', async () => {
      const id = await active({ networks: 'auto' });
      const full = (await show(id)).addresses as Record<string, Record<string, unknown>[]>;
      expect(Object.keys(full.private[0]).sort()).toEqual([
        'OS-EXT-IPS-MAC:mac_addr',
        'OS-EXT-IPS:type',
        'addr',
        'version',
      ]);
      const plain = { private: full.private.map(({ addr, version }) => ({ version, addr })) };
      const rebuilt = await act(id, { rebuild: { imageRef: IMAGE_IDS.cirros } });
      expect(rebuilt.body.server.addresses).toEqual(plain);
      expect(rebuilt.body.server).not.toHaveProperty('security_groups');
      settle();
      const updated = await nova('PUT', `/servers/${id}`, { server: { name: 'plain' } });
      expect(updated.body.server.addresses).toEqual(plain);
      expect(updated.body.server).not.toHaveProperty('security_groups');
      const at75 = await act(id, { rebuild: { imageRef: IMAGE_IDS.cirros } }, '2.75');
      expect(at75.body.server.addresses).toEqual(full);
      expect(at75.body.server.security_groups).toEqual([{ name: 'default' }]);
    });

    it('below 2.19 a server is described by its name, as Nova does', async () => {
      const res = await create({});
      expect(await show(res.body.server.id, '2.19')).toMatchObject({
        name: 'extra',
        description: 'extra',
      });
    });
  });

  describe('create checks and its request id', () => {
    it('refuses an unknown security group, and min_count over max_count', async () => {
      fault(
        await create({ security_groups: [{ name: 'does_not_exist' }] }),
        400,
        "Unable to find security_group with name or id 'does_not_exist'",
      );
      fault(await create({ min_count: 3, max_count: 2 }), 400, 'min_count must be <= max_count');
      expect((await create({ security_groups: [{ name: 'default' }] })).status).toBe(202);
    });

    it('records the create under the request id its answer carried', async () => {
      const res = await create({});
      const requestId = res.headers.get('x-compute-request-id')!;
      const id = res.body.server.id as string;
      const action = await nova('GET', `/servers/${id}/os-instance-actions/${requestId}`);
      expect(action.status).toBe(200);
      // Below 2.51 a member sees no events (sample 264).
      expect(action.body.instanceAction).toEqual({
        action: 'create',
        instance_uuid: id,
        request_id: requestId,
        user_id: expect.any(String),
        project_id: 'demo',
        start_time: expect.any(String),
        message: null,
      });
      const at51 = await nova(
        'GET',
        `/servers/${id}/os-instance-actions/${requestId}`,
        undefined,
        '2.51',
      );
      expect(at51.body.instanceAction.events).toHaveLength(1);
    });
  });

  describe('changePassword, forceDelete and restore', () => {
    it('changes the password of an ACTIVE server only', async () => {
      const id = await active();
      const res = await act(id, { changePassword: { adminPass: 'new-secret' } });
      expect(res.status).toBe(202);
      expect(res.text).toBe('');
      expect((await show(id))['OS-EXT-STS:task_state']).toBe('updating_password');
      settle();
      expect(await show(id)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null });
      expect((await act(id, { 'os-stop': null })).status).toBe(202);
      settle();
      fault(
        await act(id, { changePassword: { adminPass: 'x' } }),
        409,
        `Cannot 'changePassword' instance ${id} while it is in vm_state stopped`,
      );
      fault(
        await act(id, { changePassword: {} }),
        400,
        "Invalid input for field/attribute changePassword. 'adminPass' is a required property",
      );
    });

    it('answers 404 for a missing server, 409 restoring a live one; forceDelete deletes', async () => {
      const missing = '00000000-0000-0000-0000-000000000000';
      for (const action of ['forceDelete', 'restore']) {
        fault(
          await act(missing, { [action]: null }),
          404,
          `Instance ${missing} could not be found.`,
        );
      }
      const id = await active();
      fault(
        await act(id, { restore: null }),
        409,
        `Cannot 'restore' instance ${id} while it is in vm_state active`,
      );
      expect((await act(id, { forceDelete: null })).status).toBe(202);
      settle();
      expect((await nova('GET', `/servers/${id}`)).status).toBe(404);
    });
  });

  describe('createBackup', () => {
    const backups = async (id: string) =>
      (
        await os.glance(
          'GET',
          `/v2/images?instance_uuid=${id}&image_type=backup&sort_key=created_at&sort_dir=asc`,
          {
            token,
          },
        )
      ).body.images as { name: string; status: string; backup_type: string }[];

    it('takes a typed snapshot and keeps only the newest `rotation` backups', async () => {
      const id = await active();
      const backup = (name: string, microversion: string) =>
        act(id, { createBackup: { name, backup_type: 'daily', rotation: 2 } }, microversion);
      const first = await backup('backup-1', '2.1');
      expect(first.status).toBe(202);
      // Below 2.45 the image is in a Location to Nova's image API, the body empty (sample 286).
      expect(first.headers.get('content-type')).toBe('text/html; charset=UTF-8');
      expect(first.headers.get('location')).toMatch(
        new RegExp(`^${cloud.baseUrl}/compute/v2.1/images/[0-9a-f-]{36}$`),
      );
      expect((await show(id))['OS-EXT-STS:task_state']).toBe('image_backup');
      settle();
      const second = await backup('backup-2', '2.45');
      expect(second.body).toEqual({ image_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      settle();
      expect(await backups(id)).toMatchObject([
        { name: 'backup-1', status: 'active', backup_type: 'daily' },
        { name: 'backup-2', status: 'active', backup_type: 'daily' },
      ]);
      await backup('backup-3', '2.45');
      settle();
      expect(pluck(await backups(id), 'name')).toEqual(['backup-2', 'backup-3']);
      // Another type rotates on its own.
      await act(id, { createBackup: { name: 'weekly-1', backup_type: 'weekly', rotation: 1 } });
      settle();
      expect(pluck(await backups(id), 'name')).toEqual(['backup-2', 'backup-3', 'weekly-1']);
    });

    it.each([
      [
        { name: 'b', backup_type: 'daily' },
        "Invalid input for field/attribute createBackup. 'rotation' is a required property",
      ],
      [
        { name: 'b', backup_type: 'daily', rotation: -1 },
        'Invalid input for field/attribute rotation. Value: -1. -1 is not a non-negative integer',
      ],
    ])('refuses %j', async (args, message) => {
      fault(await act(await active(), { createBackup: args }), 400, message);
    });
  });

  describe('shelve', () => {
    it('uploads a `<name>-shelved` image, which unshelve deletes', async () => {
      const id = await active({ name: 'parked' });
      const shelved = async () =>
        (await os.glance('GET', '/v2/images?name=parked-shelved', { token })).body.images as {
          instance_uuid: string;
          image_type: string;
          status: string;
        }[];
      expect((await act(id, { shelve: null })).status).toBe(202);
      expect(await shelved()).toMatchObject([
        { instance_uuid: id, image_type: 'snapshot', status: 'queued' },
      ]);
      settle();
      expect((await show(id)).status).toBe('SHELVED_OFFLOADED');
      expect(await shelved()).toMatchObject([{ status: 'active' }]);
      expect((await act(id, { unshelve: null })).status).toBe(202);
      expect(await shelved()).toHaveLength(1);
      settle();
      expect((await show(id)).status).toBe('ACTIVE');
      expect(await shelved()).toEqual([]);
    });

    it('deleting a shelved server deletes its image too', async () => {
      const id = await active({ name: 'parked-gone' });
      await act(id, { shelve: null });
      settle();
      expect((await nova('DELETE', `/servers/${id}`)).status).toBe(204);
      settle();
      const images = await os.glance('GET', '/v2/images?name=parked-gone-shelved', { token });
      expect(images.body.images).toEqual([]);
    });
  });

  describe('availability zones, server password and quota sets', () => {
    it('lists the one zone, nova (sample 278)', async () => {
      const res = await nova('GET', '/os-availability-zone');
      expect(res.body).toEqual({
        availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true }, hosts: null }],
      });
    });

    it('shows an empty server password and deletes it; 404 for a missing server', async () => {
      const id = await active();
      const res = await nova('GET', `/servers/${id}/os-server-password`);
      expect({ status: res.status, body: res.body as unknown }).toEqual({
        status: 200,
        body: { password: '' },
      });
      const gone = await nova('DELETE', `/servers/${id}/os-server-password`);
      expect(gone.status).toBe(204);
      const missing = '00000000-0000-0000-0000-000000000000';
      fault(
        await nova('GET', `/servers/${missing}/os-server-password`),
        404,
        `Instance ${missing} could not be found.`,
      );
    });

    it("shows the project's quota set by microversion; another project's is forbidden", async () => {
      const res = await nova('GET', '/os-quota-sets/demo');
      expect(res.body.quota_set).toMatchObject({ id: 'demo', metadata_items: 128, key_pairs: 100 });
      expect(res.body.quota_set).toHaveProperty('security_groups');
      const at57 = (await nova('GET', '/os-quota-sets/demo', undefined, '2.57')).body.quota_set;
      expect(at57).not.toHaveProperty('security_groups');
      expect(at57).not.toHaveProperty('injected_files');
      fault(
        await nova('GET', '/os-quota-sets/other'),
        403,
        "Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.",
      );
      // The defaults anyone may read, for any project.
      const defaults = await nova('GET', '/os-quota-sets/other/defaults');
      expect(defaults.body.quota_set).toEqual({ ...res.body.quota_set, id: 'other' });
    });

    it('answers the absolute limits with the usage, by microversion', async () => {
      type Limits = { rate: unknown[]; absolute: Record<string, number> };
      const used = async (microversion = '2.1') =>
        (await nova('GET', '/limits', undefined, microversion)).body.limits as Limits;
      const before = await used();
      expect(before.rate).toEqual([]);
      expect(before.absolute).toMatchObject({ maxServerMeta: 128, maxImageMeta: 128 });
      await active(); // flavor 1: 1 vCPU, 512 MB
      const after = (await used()).absolute;
      expect(after.totalInstancesUsed).toBe(before.absolute.totalInstancesUsed + 1);
      expect(after.totalCoresUsed).toBe(before.absolute.totalCoresUsed + 1);
      expect(after.totalRAMUsed).toBe(before.absolute.totalRAMUsed + 512);
      const at57 = (await used('2.57')).absolute;
      for (const key of ['maxImageMeta', 'maxPersonality', 'maxSecurityGroups']) {
        expect(at57).not.toHaveProperty(key);
      }
    });
  });
});
