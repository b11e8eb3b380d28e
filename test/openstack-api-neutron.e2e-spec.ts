import { SEED_NETWORKS } from '../src/simulator';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { IMAGE_IDS, KEYSTONE_UNAUTHORIZED, OpenStackHttp, pluck } from './support/openstack-http';

const PRIVATE = SEED_NETWORKS.private;
const [V4, V6] = PRIVATE.subnets;
const MISSING = '00000000-0000-4000-8000-000000000000';
const MAC = /^fa:16:3e(:[0-9a-f]{2}){3}$/;

const neutronError = (type: string, message: string) => ({
  NeutronError: { type, message, detail: '' },
});

// Neutron v2.0 (read only) under /networking, and the networks and addresses of Nova's
// servers, as the lab cloud's Neutron (Zed) and Nova answer them.
describe('OpenStack API: Neutron v2.0 and server addresses', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;
  let adminToken: string;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
    token = await os.token();
    adminToken = await os.token(cloud.adminKey, 'admin');
  });
  afterAll(() => cloud.close());

  const neutron = async (path: string, asToken = token) => {
    const res = await os.neutron('GET', path, { token: asToken });
    return res;
  };
  const list = async (path: string, key: string, asToken = token) => {
    const res = await neutron(path, asToken);
    expect(res.status).toBe(200);
    return res.body[key] as Record<string, unknown>[];
  };
  /** Boots a server (at 2.93) with these networks; answers Nova's response. */
  const boot = (networks: unknown, extra: Record<string, unknown> = {}, microversion = '2.93') =>
    os.nova('POST', '/servers', {
      token,
      microversion,
      body: {
        server: { name: 'net-vm', imageRef: IMAGE_IDS.cirros, flavorRef: '1', networks, ...extra },
      },
    });
  const show = async (id: string, microversion = '2.93') => {
    const res = await os.nova('GET', `/servers/${id}`, { token, microversion });
    expect(res.status).toBe(200);
    return res.body.server as Record<string, unknown>;
  };
  const bootOk = async (networks: unknown) => {
    const res = await boot(networks);
    expect(res.status).toBe(202);
    return res.body.server.id as string;
  };

  describe('discovery and errors', () => {
    it('answers the versions document without a token, and lists its resources', async () => {
      const root = await os.neutron('GET', '/');
      expect(root.status).toBe(200);
      expect(root.body).toEqual({
        versions: [
          {
            id: 'v2.0',
            status: 'CURRENT',
            links: [{ rel: 'self', href: `${cloud.baseUrl}/networking/v2.0/` }],
          },
        ],
      });
      expect(root.headers.get('x-openstack-request-id')).toBeNull();
      const v2 = await neutron('/v2.0/');
      expect(pluck(v2.body.resources, 'collection')).toEqual([
        'networks',
        'subnets',
        'subnetpools',
        'ports',
      ]);
      expect(await list('/v2.0/subnetpools', 'subnetpools')).toEqual([]);
    });

    it("answers keystonemiddleware's 401 without a valid token", async () => {
      for (const req of [{}, { token: 'not-a-token' }]) {
        const res = await os.neutron('GET', '/v2.0/networks', req);
        expect(res.status).toBe(401);
        expect(res.body).toEqual(KEYSTONE_UNAUTHORIZED);
      }
    });

    it("answers an unknown route with Neutron's 404, and injected faults in Neutron's body", async () => {
      const res = await neutron('/v2.0/routers');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-/);
      expect(res.body).toEqual(neutronError('HTTPNotFound', 'The resource could not be found.'));

      await cloud.setFaults({ unavailable: 1, services: ['network'] });
      const down = await neutron('/v2.0/networks');
      expect(down.status).toBe(503);
      expect(down.body.NeutronError.type).toBe('HTTPServiceUnavailable');
      expect((await neutron('/v2.0/networks')).status).toBe(200);
      await cloud.clearFaults();
    });
  });

  describe('networks and subnets', () => {
    it('lists the shared network with every attribute Neutron shows', async () => {
      const [network, ...others] = await list('/v2.0/networks', 'networks');
      expect(others).toEqual([]);
      expect(network).toEqual({
        id: PRIVATE.id,
        name: 'private',
        tenant_id: 'admin',
        project_id: 'admin',
        admin_state_up: true,
        mtu: 1450,
        status: 'ACTIVE',
        subnets: [V4.id, V6.id],
        shared: true,
        availability_zone_hints: [],
        availability_zones: [],
        ipv4_address_scope: null,
        ipv6_address_scope: null,
        'router:external': false,
        description: '',
        port_security_enabled: true,
        tags: [],
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
        revision_number: 1,
      });
      const one = await neutron(`/v2.0/networks/${PRIVATE.id}`);
      expect(one.body).toEqual({ network });
    });

    it('filters by any attribute, keeps only `fields`, and pages with links', async () => {
      expect(pluck(await list('/v2.0/networks?name=private', 'networks'), 'id')).toEqual([
        PRIVATE.id,
      ]);
      expect(await list('/v2.0/networks?name=nope', 'networks')).toEqual([]);
      expect(await list('/v2.0/networks?shared=False', 'networks')).toEqual([]);
      expect(
        await list('/v2.0/networks?shared=true&router:external=false', 'networks'),
      ).toHaveLength(1);
      expect(await list(`/v2.0/networks?id=${MISSING}&id=${PRIVATE.id}`, 'networks')).toHaveLength(
        1,
      );
      expect(await list('/v2.0/networks?fields=id&fields=name', 'networks')).toEqual([
        { id: PRIVATE.id, name: 'private' },
      ]);
      const paged = await neutron('/v2.0/subnets?limit=1');
      expect(pluck(paged.body.subnets, 'id')).toEqual([V4.id]);
      expect(paged.body.subnets_links).toEqual([
        {
          rel: 'next',
          href: `${cloud.baseUrl}/networking/v2.0/subnets?limit=1&marker=${V4.id}`,
        },
        {
          rel: 'previous',
          href: `${cloud.baseUrl}/networking/v2.0/subnets?limit=1&marker=${V4.id}&page_reverse=True`,
        },
      ]);
      const next = await neutron(`/v2.0/subnets?limit=1&marker=${V4.id}`);
      expect(pluck(next.body.subnets, 'id')).toEqual([V6.id]);
      const last = await neutron(`/v2.0/subnets?limit=1&marker=${V6.id}`);
      expect(last.body).toEqual({ subnets: [] });
    });

    it('refuses unknown filters and values it cannot read, as Neutron does', async () => {
      const cases: [string, number, unknown][] = [
        [
          '/v2.0/networks?foo=bar&color=red',
          400,
          neutronError('HTTPBadRequest', "['foo', 'color'] is invalid attribute for filtering"),
        ],
        [
          '/v2.0/networks?shared=maybe',
          400,
          neutronError(
            'InvalidInput',
            "Invalid input for operation: 'maybe' cannot be converted to boolean.",
          ),
        ],
        [
          '/v2.0/networks?limit=-1',
          400,
          neutronError('HTTPBadRequest', "Limit must be an integer 0 or greater and not '-1'"),
        ],
        [
          `/v2.0/networks?marker=${MISSING}`,
          404,
          neutronError('NetworkNotFound', `Network ${MISSING} could not be found.`),
        ],
      ];
      for (const [path, status, body] of cases) {
        const res = await neutron(path);
        expect({ path, status: res.status, body: res.body }).toEqual({ path, status, body });
      }
    });

    it('shows the subnets, IPv4 then IPv6, and answers 404 for unknown ones', async () => {
      const subnets = await list('/v2.0/subnets', 'subnets');
      expect(subnets[0]).toEqual({
        id: V4.id,
        name: 'private-subnet',
        tenant_id: 'admin',
        project_id: 'admin',
        network_id: PRIVATE.id,
        ip_version: 4,
        subnetpool_id: null,
        enable_dhcp: true,
        ipv6_ra_mode: null,
        ipv6_address_mode: null,
        gateway_ip: '10.0.0.1',
        cidr: '10.0.0.0/24',
        allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.254' }],
        host_routes: [],
        dns_nameservers: [],
        description: '',
        service_types: [],
        tags: [],
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
        revision_number: 0,
      });
      expect(subnets[1]).toMatchObject({
        id: V6.id,
        ip_version: 6,
        cidr: V6.cidr,
        ipv6_address_mode: 'slaac',
        ipv6_ra_mode: 'slaac',
      });
      expect(
        pluck(await list(`/v2.0/subnets?network_id=${PRIVATE.id}&ip_version=6`, 'subnets'), 'id'),
      ).toEqual([V6.id]);
      expect((await neutron(`/v2.0/subnets/${V6.id}`)).body).toEqual({ subnet: subnets[1] });
      for (const [path, type, name] of [
        ['networks', 'NetworkNotFound', 'Network'],
        ['subnets', 'SubnetNotFound', 'Subnet'],
        ['ports', 'PortNotFound', 'Port'],
      ]) {
        const res = await neutron(`/v2.0/${path}/${MISSING}`);
        expect(res.status).toBe(404);
        expect(res.body).toEqual(neutronError(type, `${name} ${MISSING} could not be found.`));
      }
    });
  });

  describe('ports and addresses', () => {
    it("gives a server a port on the network, and shows its addresses in Nova's view", async () => {
      const id = await bootOk([{ uuid: PRIVATE.id, fixed_ip: '10.0.0.77' }]);
      const [port, ...others] = await list(`/v2.0/ports?device_id=${id}`, 'ports');
      expect(others).toEqual([]);
      const mac = port.mac_address as string;
      expect(mac).toMatch(MAC);
      const fixedIps = port.fixed_ips as { subnet_id: string; ip_address: string }[];
      expect(fixedIps[0]).toEqual({ subnet_id: V4.id, ip_address: '10.0.0.77' });
      expect(fixedIps[1].subnet_id).toBe(V6.id);
      const v6 = fixedIps[1].ip_address;
      expect(port).toMatchObject({
        network_id: PRIVATE.id,
        tenant_id: 'demo',
        project_id: 'demo',
        device_id: id,
        device_owner: 'compute:nova',
        status: 'ACTIVE',
        admin_state_up: true,
        'binding:vnic_type': 'normal',
        security_groups: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
      });
      expect((await neutron(`/v2.0/ports/${port.id as string}`)).body).toEqual({ port });
      expect(
        pluck(await list('/v2.0/ports?fixed_ips=ip_address%3D10.0.0.77', 'ports'), 'id'),
      ).toEqual([port.id]);

      const expected = {
        private: [
          {
            version: 4,
            addr: '10.0.0.77',
            'OS-EXT-IPS:type': 'fixed',
            'OS-EXT-IPS-MAC:mac_addr': mac,
          },
          { version: 6, addr: v6, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': mac },
        ],
      };
      for (const microversion of ['2.1', '2.93']) {
        const server = await show(id, microversion);
        expect(server.addresses).toEqual(expected);
        expect(server.security_groups).toEqual([{ name: 'default' }]);
      }
      const detail = await os.nova('GET', '/servers/detail', { token, microversion: '2.93' });
      const listed = (detail.body.servers as Record<string, unknown>[]).find((s) => s.id === id);
      expect(listed?.addresses).toEqual(expected);

      const ips = await os.nova('GET', `/servers/${id}/ips`, { token });
      expect(ips.body).toEqual({
        addresses: {
          private: [
            { version: 4, addr: '10.0.0.77' },
            { version: 6, addr: v6 },
          ],
        },
      });
      const byNetwork = await os.nova('GET', `/servers/${id}/ips/private`, { token });
      expect(byNetwork.body).toEqual({ private: ips.body.addresses.private });
      const notMember = await os.nova('GET', `/servers/${id}/ips/public`, { token });
      expect(notMember.status).toBe(404);
      expect(notMember.body.itemNotFound.message).toBe(
        'Instance is not a member of specified network',
      );
    });

    it('shows a project its own ports only; an admin token every one', async () => {
      const id = await bootOk('auto');
      const mine = await list('/v2.0/ports', 'ports');
      expect(pluck(mine, 'device_id')).toContain(id);
      const [port] = await list(`/v2.0/ports?device_id=${id}`, 'ports');
      const minted = await fetch(`${cloud.baseUrl}/api/v1/admin/api-keys`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${cloud.adminKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ projectId: 'other', role: 'member', name: 'other' }),
      });
      const otherKey = (await minted.json()) as { key: string };
      const other = await os.token(otherKey.key, 'other');
      expect(await list('/v2.0/ports', 'ports', other)).toEqual([]);
      expect((await neutron(`/v2.0/ports/${port.id as string}`, other)).status).toBe(404);
      expect(pluck(await list('/v2.0/ports', 'ports', adminToken), 'id')).toContain(port.id);
    });

    it('has no address and no security_groups for a server on no network', async () => {
      const id = await bootOk('none');
      const server = await show(id);
      expect(server.addresses).toEqual({});
      expect(server).not.toHaveProperty('security_groups');
      expect(await list(`/v2.0/ports?device_id=${id}`, 'ports')).toEqual([]);
    });

    it('deletes the ports of a deleted server: its address is free again', async () => {
      const id = await bootOk([{ uuid: PRIVATE.id, fixed_ip: '10.0.0.78' }]);
      expect((await os.nova('DELETE', `/servers/${id}`, { token })).status).toBe(204);
      expect(await list(`/v2.0/ports?device_id=${id}`, 'ports')).toEqual([]);
      await bootOk([{ uuid: PRIVATE.id, fixed_ip: '10.0.0.78' }]);
    });

    it('boots without networks below 2.37 onto the one network there is', async () => {
      const res = await boot(undefined, {}, '2.1');
      expect(res.status).toBe(202);
      const server = await show(res.body.server.id as string, '2.1');
      expect(Object.keys(server.addresses as object)).toEqual(['private']);
    });
  });

  describe("Nova's checks on networks", () => {
    it.each<[string, unknown, string, number, string]>([
      [
        'an unknown network',
        [{ uuid: MISSING }],
        '2.93',
        400,
        `Network ${MISSING} could not be found.`,
      ],
      [
        'a network id that is not a uuid',
        [{ uuid: 'not-a-uuid' }],
        '2.93',
        400,
        "Invalid input for field/attribute networks. Value: [{'uuid': 'not-a-uuid'}]. " +
          "[{'uuid': 'not-a-uuid'}] is not valid under any of the given schemas",
      ],
      [
        'a fixed IP that is not an address',
        [{ uuid: PRIVATE.id, fixed_ip: '10.0.0.500' }],
        '2.93',
        400,
        `Invalid input for field/attribute networks. Value: [{'uuid': '${PRIVATE.id}', ` +
          `'fixed_ip': '10.0.0.500'}]. [{'uuid': '${PRIVATE.id}', 'fixed_ip': '10.0.0.500'}] ` +
          'is not valid under any of the given schemas',
      ],
      [
        '"auto" below 2.37',
        'auto',
        '2.36',
        400,
        "Invalid input for field/attribute networks. Value: auto. 'auto' is not of type 'array'",
      ],
      [
        'another word',
        'some',
        '2.93',
        400,
        "Invalid input for field/attribute networks. Value: some. 'some' is not valid under any of the given schemas",
      ],
      [
        'an entry without uuid',
        [{ fixed_ip: '10.0.0.9' }],
        '2.93',
        400,
        "Bad network format: missing 'uuid'",
      ],
      [
        'a port and a fixed IP',
        [{ port: MISSING, fixed_ip: '10.0.0.9' }],
        '2.93',
        400,
        `Specified Fixed IP '10.0.0.9' cannot be used with port '${MISSING}': the two cannot be specified together.`,
      ],
      [
        'an unknown port',
        [{ port: MISSING }],
        '2.93',
        400,
        `Port id ${MISSING} could not be found.`,
      ],
    ])('refuses %s', async (_label, networks, microversion, status, message) => {
      const res = await boot(networks, {}, microversion);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ badRequest: { code: 400, message } });
    });

    it('refuses a fixed IP another server holds, naming that server (400)', async () => {
      const holder = await bootOk([{ uuid: PRIVATE.id, fixed_ip: '10.0.0.90' }]);
      const res = await boot([{ uuid: PRIVATE.id, fixed_ip: '10.0.0.90' }]);
      expect(res.status).toBe(400);
      expect(res.body.badRequest.message).toBe(
        `Fixed IP address 10.0.0.90 is already in use on instance ${holder}.`,
      );
    });

    it("refuses a port that is a server's (409), and a fixed IP with max_count above 1", async () => {
      const id = await bootOk('auto');
      const [port] = await list(`/v2.0/ports?device_id=${id}`, 'ports');
      const inUse = await boot([{ port: port.id }]);
      expect(inUse.status).toBe(409);
      expect(inUse.body.conflictingRequest.message).toBe(
        `Port ${port.id as string} is still in use.`,
      );
      const many = await boot([{ uuid: PRIVATE.id, fixed_ip: '10.0.0.91' }], { max_count: 2 });
      expect(many.status).toBe(400);
      expect(many.body.badRequest.message).toBe(
        'Failed to launch instances: max_count cannot be greater than 1 if an fixed_ip is specified.',
      );
    });

    it.each(['10.5.5.5', '10.0.0.0', '10.0.0.255', '10.0.0.1', 'fd00::5'])(
      'accepts the fixed IP %s the network cannot give, then fails the build as Nova does',
      async (fixedIp) => {
        const id = await bootOk([{ uuid: PRIVATE.id, fixed_ip: fixedIp }]);
        const server = await show(id);
        expect(server).toMatchObject({ status: 'ERROR', addresses: {} });
        expect(server.fault).toMatchObject({
          code: 500,
          message:
            `Build of instance ${id} aborted: Invalid input received: Fixed IP ${fixedIp} is ` +
            `not a valid ip address for network ${PRIVATE.id}.`,
        });
      },
    );
  });
});
