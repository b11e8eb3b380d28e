import type { Response } from 'supertest';
import { SEED_NETWORKS } from '../src/simulator';
import {
  Api,
  expectFieldError,
  expectProblem,
  MISSING_ID,
  type Page,
  type ServerBody,
} from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

const PRIVATE = SEED_NETWORKS.private;
const [V4, V6] = PRIVATE.subnets;
const LATENCY = 1_000;

/** Inside 10.0.0.0/24, neither its network, broadcast nor gateway address. */
const inV4Subnet = (address: string) => {
  const match = /^10\.0\.0\.(\d{1,3})$/.exec(address);
  return match !== null && Number(match[1]) >= 2 && Number(match[1]) <= 254;
};

// Networks and addresses through the REST API, in both client modes: the seeded shared
// network `private` (10.0.0.0/24 and a SLAAC /64), `networks` on a create, and the
// addresses the inventory keeps in step with the cloud.
describe('networks and server addresses', () => {
  let t: TestApp;
  let admin: Api;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp({ MOCK_OPENSTACK_LATENCY_MS: String(LATENCY) });
    admin = new Api(t);
    api = await admin.as('team-net');
  });
  afterAll(() => t.close());

  /** Creates a server with these networks and lets it build; answers the create's response. */
  async function boot(networks?: unknown, name = 'net-vm'): Promise<Response> {
    const res = await api.post('/servers', {
      name,
      imageId: '6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01',
      flavorId: '1',
      ...(networks === undefined ? {} : { networks }),
    });
    t.clock.advance(LATENCY);
    return res;
  }

  async function active(networks?: unknown): Promise<ServerBody> {
    const res = await boot(networks);
    expect(res.status).toBe(202);
    const server = await api.server((res.body as ServerBody).id);
    expect(server).toMatchObject({ status: 'ACTIVE', taskState: null });
    return server;
  }

  async function deleted(id: string): Promise<void> {
    expect((await api.delete(`/servers/${id}`)).status).toBe(202);
    t.clock.advance(LATENCY);
    expectProblem(await api.get(`/servers/${id}`), 404, 'SERVER_NOT_FOUND');
  }

  const names = async () => (await api.listServers('limit=200')).items.map((s) => s.name);

  describe('GET /networks', () => {
    const expected = {
      id: PRIVATE.id,
      name: 'private',
      status: 'ACTIVE',
      shared: true,
      subnets: [
        {
          id: V4.id,
          name: 'private-subnet',
          ipVersion: 4,
          cidr: '10.0.0.0/24',
          gatewayIp: '10.0.0.1',
          ipv6AddressMode: null,
        },
        {
          id: V6.id,
          name: 'ipv6-private-subnet',
          ipVersion: 6,
          cidr: V6.cidr,
          gatewayIp: V6.gatewayIp,
          ipv6AddressMode: 'slaac',
        },
      ],
    };

    it('lists the networks a project may use, with their subnets', async () => {
      for (const key of [admin, api]) {
        const res = await key.get('/networks');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ items: [expected], nextCursor: null });
      }
    });

    it('reads one; an unknown one is 404 and a malformed id 400', async () => {
      expect((await api.get(`/networks/${PRIVATE.id.toUpperCase()}`)).body).toEqual(expected);
      expectProblem(await api.get(`/networks/${MISSING_ID}`), 404, 'NETWORK_NOT_FOUND');
      expectFieldError(await api.get('/networks/private'), 'id');
    });

    it('needs an API key', async () => {
      expectProblem(await new Api(t, 'nope').get('/networks'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('POST /servers with networks', () => {
    it('plugs a server into the one usable network when networks is left out or "auto"', async () => {
      for (const networks of [undefined, 'auto']) {
        const server = await active(networks);
        expect(Object.keys(server.addresses)).toEqual(['private']);
        const [v4, v6] = server.addresses.private;
        expect(v4).toEqual({ address: expect.any(String), version: 4, type: 'fixed' });
        expect(inV4Subnet(v4.address)).toBe(true);
        // The SLAAC address: the /64's prefix and an id derived from the port's MAC.
        expect(v6).toEqual({ address: expect.any(String), version: 6, type: 'fixed' });
        expect(v6.address).toMatch(/^fd4e:5a1c:77b0:0:f816:3eff:fe[0-9a-f]{2}:[0-9a-f]{1,4}$/);
      }
    });

    it('shows the addresses the cloud gave, on reads and lists', async () => {
      const res = await boot([{ networkId: PRIVATE.id }]);
      const created = res.body as ServerBody;
      const read = await api.server(created.id);
      expect(read.addresses.private.map((a) => a.version)).toEqual([4, 6]);
      const listed = (await api.listServers('limit=200')).items.find((s) => s.id === created.id);
      expect(listed?.addresses).toEqual(read.addresses);
    });

    it('boots with no address with "none"', async () => {
      expect((await active('none')).addresses).toEqual({});
    });

    it('gives the fixed IP asked for, and refuses it to another server while held (409)', async () => {
      const server = await active([{ networkId: PRIVATE.id, fixedIp: '10.0.0.200' }]);
      expect(server.addresses.private[0]).toEqual({
        address: '10.0.0.200',
        version: 4,
        type: 'fixed',
      });
      const before = await names();
      const taken = expectProblem(
        await boot([{ networkId: PRIVATE.id, fixedIp: '10.0.0.200' }], 'net-second'),
        409,
        'FIXED_IP_IN_USE',
      );
      expect(taken.detail).toContain('10.0.0.200');
      expect(await names()).toEqual(before);
    });

    it('frees the address when the server is deleted', async () => {
      const first = await active([{ networkId: PRIVATE.id, fixedIp: '10.0.0.201' }]);
      await deleted(first.id);
      const second = await active([{ networkId: PRIVATE.id, fixedIp: '10.0.0.201' }]);
      expect(second.addresses.private[0].address).toBe('10.0.0.201');
    });

    it('plugs one port per listed network, each with its own address', async () => {
      const server = await active([
        { networkId: PRIVATE.id },
        { networkId: PRIVATE.id, fixedIp: '10.0.0.202' },
      ]);
      const v4 = server.addresses.private.filter((a) => a.version === 4).map((a) => a.address);
      expect(v4).toHaveLength(2);
      expect(v4[1]).toBe('10.0.0.202');
      expect(inV4Subnet(v4[0])).toBe(true);
    });

    it('refuses a network that does not exist or the project may not use (422)', async () => {
      const before = await names();
      const problem = expectProblem(
        await boot([{ networkId: PRIVATE.id }, { networkId: MISSING_ID }]),
        422,
        'NETWORK_NOT_FOUND',
      );
      expect(problem.errors).toEqual([
        { field: 'networks[1].networkId', message: expect.stringContaining(MISSING_ID) },
      ]);
      expect(await names()).toEqual(before);
    });

    it.each([
      ['outside the network', '192.168.7.7', 'is in none of its subnets'],
      ["the subnet's network address", '10.0.0.0', 'network address'],
      ["the subnet's broadcast address", '10.0.0.255', 'broadcast address'],
      ["the subnet's gateway", '10.0.0.1', 'gateway'],
      ['an IPv6 address outside the network', 'fd00::5', 'is in none of its subnets'],
    ])('refuses a fixed IP %s (422)', async (_label, fixedIp, why) => {
      const before = await names();
      const problem = expectProblem(
        await boot([{ networkId: PRIVATE.id, fixedIp }]),
        422,
        'FIXED_IP_NOT_ASSIGNABLE',
      );
      expect(problem.detail).toContain(why);
      expect(problem.errors?.map((e) => e.field)).toEqual(['networks[0].fixedIp']);
      expect(await names()).toEqual(before);
    });

    it.each([
      ['a string other than auto/none', 'all'],
      ['null', null],
      ['an object', { networkId: PRIVATE.id }],
      ['an empty list', []],
      ['an entry that is not an object', ['private']],
      ['an entry without networkId', [{ fixedIp: '10.0.0.9' }]],
      ['a networkId that is not a UUID', [{ networkId: 'private' }]],
      ['a fixedIp that is not an address', [{ networkId: PRIVATE.id, fixedIp: '10.0.0.300' }]],
      ['an unknown field', [{ networkId: PRIVATE.id, port: MISSING_ID }]],
      [
        'one address asked for twice',
        [
          { networkId: PRIVATE.id, fixedIp: '10.0.0.9' },
          { networkId: PRIVATE.id, fixedIp: '10.0.0.9' },
        ],
      ],
      ['seventeen networks', Array.from({ length: 17 }, () => ({ networkId: PRIVATE.id }))],
    ])('refuses %s (400)', async (_label, networks) => {
      const before = await names();
      expectFieldError(await boot(networks), 'networks');
      expect(await names()).toEqual(before);
    });

    it('takes the networks into the Idempotency-Key fingerprint', async () => {
      const send = (networks: unknown) =>
        api
          .post('/servers', {
            name: 'net-idem',
            imageId: '6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01',
            flavorId: '1',
            networks,
          })
          .set('idempotency-key', 'net-idem-1');
      const first = await send([{ networkId: PRIVATE.id, fixedIp: '10.0.0.203' }]);
      expect(first.status).toBe(202);
      const replay = await send([{ networkId: PRIVATE.id, fixedIp: '10.0.0.203' }]);
      expect(replay.status).toBe(202);
      expect((replay.body as ServerBody).id).toBe((first.body as ServerBody).id);
      expectProblem(await send('none'), 422, 'IDEMPOTENCY_KEY_REUSED');
    });
  });

  describe('addresses kept in step with the cloud', () => {
    it('drops the addresses of a server whose build failed (the cloud frees them)', async () => {
      const res = await api.post('/servers', {
        name: 'net-fails',
        imageId: '6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01',
        flavorId: '1',
        metadata: { 'mock:fail': 'build' },
      });
      expect(res.status).toBe(202);
      const created = await api.server((res.body as ServerBody).id);
      expect(created).toMatchObject({ status: 'BUILD' });
      expect(created.addresses.private).toHaveLength(2);
      t.clock.advance(LATENCY);
      const failed = await api.server(created.id);
      expect(failed).toMatchObject({ status: 'ERROR', addresses: {} });
    });

    it('gives many servers created at once an address each', async () => {
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) => boot([{ networkId: PRIVATE.id }], `net-many-${i}`)),
      );
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 202));
      const servers = await Promise.all(
        responses.map((r) => api.server((r.body as ServerBody).id)),
      );
      const addresses = servers.map(
        (server) => server.addresses.private.find((a) => a.version === 4)!.address,
      );
      expect(new Set(addresses).size).toBe(8);
      expect(addresses.every(inV4Subnet)).toBe(true);
    });

    it('lets one of several creates asking for the same address at once have it', async () => {
      const responses = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          boot([{ networkId: PRIVATE.id, fixedIp: '10.0.0.210' }], `net-race-${i}`),
        ),
      );
      const won = responses.filter((r) => r.status === 202);
      expect(won).toHaveLength(1);
      for (const lost of responses.filter((r) => r.status !== 202)) {
        expectProblem(lost, 409, 'FIXED_IP_IN_USE');
      }
      const page = (await api.get('/servers?limit=200&name=net-race')).body as Page<ServerBody>;
      expect(page.items.map((s) => s.id)).toEqual([(won[0].body as ServerBody).id]);
    });
  });
});
