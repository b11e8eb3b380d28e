import {
  CloudBadRequestError,
  CloudFixedIpInUseError,
  CloudNetworkAmbiguousError,
  CloudNetworkNotFoundError,
} from '../cloud-errors';
import type { CloudScope, CreateServerRequest, NetworkRequest } from '../cloud-records';
import {
  MockFixedIpEntity,
  MockNetworkEntity,
  MockPortEntity,
  MockSubnetEntity,
  SEED_IMAGES,
  SEED_NETWORKS,
} from '../../simulator';
import {
  createMockOpenStackTesting,
  type MockOpenStackTesting,
} from './testing/mock-openstack-testing';

const SCOPE: CloudScope = { projectId: 'project-net' };
const PRIVATE = SEED_NETWORKS.private;
const request = (networks?: NetworkRequest, metadata = {}): CreateServerRequest => ({
  name: 'vm',
  imageId: SEED_IMAGES.cirros.id,
  flavorId: '1',
  metadata,
  ...(networks === undefined ? {} : { networks }),
});
const v4Of = (addresses: Record<string, { address: string; version: number }[]>) =>
  (addresses.private ?? []).filter((a) => a.version === 4).map((a) => a.address);

describe('MockOpenStackClient: networks', () => {
  let t: MockOpenStackTesting;
  beforeEach(async () => (t = await createMockOpenStackTesting(0)));
  afterEach(() => t.close());

  /** Adds a network of the project with one subnet (`cidr`, pool `start`–`end`, gateway `…1`). */
  async function addNetwork(
    id: string,
    options: {
      cidr: string;
      start: string;
      end: string;
      projectId?: string;
      ipVersion?: 4 | 6;
    },
  ): Promise<void> {
    const at = t.clock.now();
    await t.dataSource.getRepository(MockNetworkEntity).insert({
      id,
      projectId: options.projectId ?? SCOPE.projectId,
      name: `net-${id.slice(0, 4)}`,
      description: '',
      shared: false,
      external: false,
      adminStateUp: true,
      status: 'ACTIVE',
      mtu: 1450,
      createdAt: at,
      updatedAt: at,
    });
    await t.dataSource.getRepository(MockSubnetEntity).insert({
      id: id.replace(/^.{4}/, 'aaaa'),
      networkId: id,
      projectId: options.projectId ?? SCOPE.projectId,
      name: 'v4',
      description: '',
      ipVersion: options.ipVersion ?? 4,
      cidr: options.cidr,
      gatewayIp: options.cidr.replace(/0?\/\d+$/, '1'),
      poolStart: options.start,
      poolEnd: options.end,
      enableDhcp: true,
      ipv6AddressMode: null,
      ipv6RaMode: null,
      dnsNameservers: [],
      createdAt: at,
      updatedAt: at,
    });
  }
  const rows = async () => ({
    ports: await t.dataSource.getRepository(MockPortEntity).count(),
    fixedIps: await t.dataSource.getRepository(MockFixedIpEntity).count(),
  });

  it('hands out the lowest free IPv4 address, and the SLAAC address of the port’s MAC', async () => {
    const first = await t.client.createServer(SCOPE, request('auto'));
    const second = await t.client.createServer(SCOPE, request([{ networkId: PRIVATE.id }]));
    expect(v4Of(first.addresses)).toEqual(['10.0.0.2']);
    expect(v4Of(second.addresses)).toEqual(['10.0.0.3']);
    const [, v6] = first.addresses.private;
    const mac = v6.mac!.split(':');
    // fa:16:3e:ab:cd:ef → …:f816:3eff:feab:cdef
    expect(v6.address).toBe(
      `fd4e:5a1c:77b0:0:f816:3eff:fe${mac[3]}:${parseInt(mac[4] + mac[5], 16).toString(16)}`,
    );
    await t.client.deleteServer(SCOPE, first.id);
    const third = await t.client.createServer(SCOPE, request('auto'));
    expect(v4Of(third.addresses)).toEqual(['10.0.0.2']);
  });

  it('takes a fixed IP in any spelling, and refuses it in use whatever the spelling', async () => {
    const id = 'bbbb0000-0000-4000-8000-000000000001';
    await addNetwork(id, { cidr: 'fd77::/64', start: 'fd77::2', end: 'fd77::ff', ipVersion: 6 });
    const held = await t.client.createServer(
      SCOPE,
      request([{ networkId: id, fixedIp: 'FD77:0:0:0::0050' }]),
    );
    expect(held.addresses[`net-${id.slice(0, 4)}`]).toEqual([
      { address: 'fd77::50', version: 6, type: 'fixed', mac: expect.any(String) },
    ]);
    const refused = t.client.createServer(SCOPE, request([{ networkId: id, fixedIp: 'fd77::50' }]));
    await expect(refused).rejects.toBeInstanceOf(CloudFixedIpInUseError);
    await expect(refused).rejects.toThrow(
      `Fixed IP address fd77::50 is already in use on instance ${held.id}.`,
    );
    // The next free address skips the one held.
    const next = await t.client.createServer(SCOPE, request([{ networkId: id }]));
    expect(next.addresses[`net-${id.slice(0, 4)}`][0].address).toBe('fd77::2');
  });

  it('frees the ports of a server whose build fails, and of a deleted one only once it is gone', async () => {
    const failing = await t.client.createServer(SCOPE, request('auto', { 'mock:fail': 'build' }));
    expect(failing).toMatchObject({ status: 'ERROR', addresses: {} });
    expect(await rows()).toEqual({ ports: 0, fixedIps: 0 });

    const slow = await createMockOpenStackTesting(1000);
    try {
      const server = await slow.client.createServer(SCOPE, request('auto'));
      slow.clock.advance(1000);
      await slow.client.deleteServer(SCOPE, server.id);
      const deleting = await slow.client.getServer(SCOPE, server.id);
      expect(deleting.taskState).toBe('deleting');
      expect(v4Of(deleting.addresses)).toEqual(['10.0.0.2']);
      slow.clock.advance(1000);
      await slow.client.listServers(SCOPE);
      expect(await slow.dataSource.getRepository(MockPortEntity).count()).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('fails the build when the network has no address left, and makes no port', async () => {
    const id = 'cccc0000-0000-4000-8000-000000000001';
    await addNetwork(id, { cidr: '192.168.5.0/29', start: '192.168.5.2', end: '192.168.5.3' });
    const servers = [];
    for (let i = 0; i < 2; i++) {
      servers.push(await t.client.createServer(SCOPE, request([{ networkId: id }])));
    }
    expect(servers.map((s) => s.status)).toEqual(['ACTIVE', 'ACTIVE']);
    const before = await rows();
    const third = await t.client.createServer(SCOPE, request([{ networkId: id }]));
    expect(third).toMatchObject({ status: 'ERROR', addresses: {} });
    expect(third.fault?.message).toBe(
      `Build of instance ${third.id} aborted: Failed to allocate the network(s), not rescheduling.`,
    );
    expect(await rows()).toEqual(before);
  });

  it('refuses "auto" where the project may use two networks (409), and lets it pick one by id', async () => {
    const id = 'dddd0000-0000-4000-8000-000000000001';
    await addNetwork(id, { cidr: '192.168.6.0/24', start: '192.168.6.2', end: '192.168.6.254' });
    for (const networks of ['auto', undefined] as const) {
      await expect(t.client.createServer(SCOPE, request(networks))).rejects.toBeInstanceOf(
        CloudNetworkAmbiguousError,
      );
    }
    // Another project sees only the shared network.
    const other = await t.client.createServer({ projectId: 'project-other' }, request('auto'));
    expect(Object.keys(other.addresses)).toEqual(['private']);
    const mine = await t.client.createServer(SCOPE, request([{ networkId: id }]));
    expect(mine.addresses[`net-${id.slice(0, 4)}`].map((a) => a.address)).toEqual(['192.168.6.2']);
    // Its own network is not another project's.
    await expect(
      t.client.createServer({ projectId: 'project-other' }, request([{ networkId: id }])),
    ).rejects.toBeInstanceOf(CloudNetworkNotFoundError);
  });

  it('lists a network of another project to an admin scope only', async () => {
    const id = 'eeee0000-0000-4000-8000-000000000001';
    await addNetwork(id, {
      cidr: '192.168.7.0/24',
      start: '192.168.7.2',
      end: '192.168.7.254',
      projectId: 'someone-else',
    });
    const ids = async (scope: CloudScope) => (await t.client.listNetworks(scope)).map((n) => n.id);
    expect(await ids(SCOPE)).toEqual([PRIVATE.id]);
    expect(await ids({ projectId: 'x', admin: true })).toEqual([PRIVATE.id, id]);
  });

  it('answers Nova’s errors for "auto" with no network and a network without subnets', async () => {
    await t.dataSource.query('DELETE FROM mock_subnets');
    const bare = t.client.createServer(SCOPE, request([{ networkId: PRIVATE.id }]));
    await expect(bare).rejects.toBeInstanceOf(CloudBadRequestError);
    await expect(bare).rejects.toThrow(
      `Network ${PRIVATE.id} requires a subnet in order to boot instances on.`,
    );
    await t.dataSource.query('DELETE FROM mock_networks');
    await expect(t.client.createServer(SCOPE, request('auto'))).rejects.toThrow(
      `Unable to automatically allocate a network for project ${SCOPE.projectId}`,
    );
    // Without networks (Nova below 2.37) and nothing to pick, the server boots on none.
    const none = await t.client.createServer(SCOPE, request());
    expect(none).toMatchObject({ status: 'ACTIVE', addresses: {} });
  });
});
