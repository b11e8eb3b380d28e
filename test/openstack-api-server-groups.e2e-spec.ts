import { userIdOf } from '../src/openstack-api/keystone/token-body';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { IMAGE_IDS, OpenStackHttp, pluck, type OsResponse } from './support/openstack-http';

const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

/**
 * `/compute/v2.1/os-server-groups` and the `group` scheduler hint, as the lab's Nova (Zed,
 * one compute host) answered them, beyond the captured samples the conformance suite
 * replays (300–321): views by microversion, the body and query checks, quotas, projects,
 * members, and where the one host leaves no room.
 */
describe('OpenStack API: Nova server groups', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let adminToken: string;
  let projects = 0;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
    adminToken = await os.token(cloud.adminKey, 'admin');
  });
  afterAll(() => cloud.close());

  /** A token of a project of its own (each holds at most 10 groups). */
  const newProject = async (): Promise<{ token: string; projectId: string }> => {
    const projectId = `groups-${++projects}`;
    const res = await fetch(`${cloud.baseUrl}/api/v1/admin/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cloud.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ projectId, role: 'member', name: projectId }),
    });
    expect(res.status).toBe(201);
    const { key } = (await res.json()) as { key: string };
    return { token: await os.token(key, projectId), projectId };
  };
  const groups = (token: string, method: string, path = '', microversion = '2.1', body?: unknown) =>
    os.nova(method, `/os-server-groups${path}`, { token, microversion, body });
  const createGroup = async (
    token: string,
    group: Record<string, unknown>,
    microversion = '2.1',
  ): Promise<string> => {
    const res = await groups(token, 'POST', '', microversion, { server_group: group });
    expect(res.status).toBe(200);
    return res.body.server_group.id as string;
  };
  const boot = (token: string, hints: unknown, server: Record<string, unknown> = {}) =>
    os.nova('POST', '/servers', {
      token,
      microversion: '2.93',
      body: {
        server: {
          name: 'vm',
          imageRef: IMAGE_IDS.cirros,
          flavorRef: '1',
          networks: 'none',
          ...server,
        },
        'os:scheduler_hints': hints,
      },
    });
  const bootInto = async (token: string, group: string, server: Record<string, unknown> = {}) => {
    const res = await boot(token, { group }, server);
    expect(res.status).toBe(202);
    return res.body.server.id as string;
  };
  const showServer = (token: string, id: string, microversion = '2.93') =>
    os.nova('GET', `/servers/${id}`, { token, microversion });
  const membersOf = async (token: string, id: string) =>
    (await groups(token, 'GET', `/${id}`)).body.server_group.members as string[];
  const expectFault = (res: OsResponse, status: number, message: string) => {
    const fault = { 400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound' }[status]!;
    expect({ status: res.status, body: res.body }).toEqual({
      status,
      body: { [fault]: { code: status, message } },
    });
  };

  describe('create', () => {
    it('answers 200 with the view of its microversion', async () => {
      const { token, projectId } = await newProject();
      const at21 = await groups(token, 'POST', '', '2.1', {
        server_group: { name: 'g', policies: ['affinity'] },
      });
      expect(at21.status).toBe(200);
      expect(at21.body.server_group).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'g',
        policies: ['affinity'],
        metadata: {},
        members: [],
      });
      const at213 = await groups(token, 'POST', '', '2.13', {
        server_group: { name: 'g', policies: ['anti-affinity'] },
      });
      expect(at213.body.server_group).toEqual({
        id: expect.any(String),
        name: 'g',
        policies: ['anti-affinity'],
        metadata: {},
        members: [],
        project_id: projectId,
        user_id: userIdOf(projectId),
      });
      // The same name twice makes two groups.
      expect(at213.body.server_group.id).not.toBe(at21.body.server_group.id);
      const at264 = await groups(token, 'POST', '', '2.64', {
        server_group: { name: 'g2', policy: 'anti-affinity', rules: { max_server_per_host: 2 } },
      });
      expect(Object.keys(at264.body.server_group)).toEqual([
        'id',
        'name',
        'policy',
        'rules',
        'members',
        'project_id',
        'user_id',
      ]);
      expect(at264.body.server_group).toMatchObject({
        policy: 'anti-affinity',
        rules: { max_server_per_host: 2 },
      });
      // A group made below 2.64 shows empty rules at 2.64; one made at 2.64 its policy below.
      const first = await groups(token, 'GET', `/${at21.body.server_group.id}`, '2.64');
      expect(first.body.server_group).toMatchObject({ policy: 'affinity', rules: {} });
      const later = await groups(token, 'GET', `/${at264.body.server_group.id}`, '2.1');
      expect(later.body.server_group).toMatchObject({
        policies: ['anti-affinity'],
        metadata: {},
      });
    });

    it('takes the soft policies from 2.15 only', async () => {
      const { token } = await newProject();
      const soft = { server_group: { name: 'g', policies: ['soft-anti-affinity'] } };
      expectFault(
        await groups(token, 'POST', '', '2.14', soft),
        400,
        "Invalid input for field/attribute 0. Value: soft-anti-affinity. 'soft-anti-affinity' is not one of ['anti-affinity', 'affinity']",
      );
      const ok = await groups(token, 'POST', '', '2.15', soft);
      expect(ok.body.server_group.policies).toEqual(['soft-anti-affinity']);
    });

    it.each([
      [
        '2.64',
        { name: 'sample-group', policies: ['affinity'] },
        "Invalid input for field/attribute server_group. Value: {'name': 'sample-group', 'policies': ['affinity']}. 'policy' is a required property",
      ],
      [
        '2.1',
        { name: 'sample-group', policies: ['affinity', 'anti-affinity'] },
        "Invalid input for field/attribute policies. Value: ['affinity', 'anti-affinity']. ['affinity', 'anti-affinity'] is too long",
      ],
      [
        '2.1',
        { policies: ['affinity'] },
        "Invalid input for field/attribute server_group. Value: {'policies': ['affinity']}. 'name' is a required property",
      ],
      [
        '2.64',
        { name: 'sample-group', policy: 'anti-affinity', rules: { max_server_per_host: 0 } },
        'Invalid input for field/attribute max_server_per_host. Value: 0. 0 is less than the minimum of 1',
      ],
      [
        '2.1',
        { name: ' sample', policies: ['affinity'] },
        "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
      ],
      [
        '2.64',
        { name: 'sample-group', policy: 'affinity', rules: { max_server_per_host: 2 } },
        'Only anti-affinity policy supports rules.',
      ],
      [
        '2.1',
        { name: 'g', policies: ['affinity', 'affinity'] },
        "Invalid input for field/attribute policies. Value: ['affinity', 'affinity']. ['affinity', 'affinity'] has non-unique elements",
      ],
      [
        '2.1',
        { name: 'g', policies: [] },
        'Invalid input for field/attribute policies. Value: []. [] is too short',
      ],
      [
        '2.64',
        { name: 'g', policy: 'anti-affinity', rules: { max_server_per_host: 'x' } },
        "Invalid input for field/attribute max_server_per_host. Value: x. 'x' does not match '^[0-9]*$'",
      ],
      [
        '2.64',
        { name: 'g', policy: 'anti-affinity', rules: { other: 1 } },
        "Invalid input for field/attribute rules. Value: {'other': 1}. Additional properties are not allowed ('other' was unexpected)",
      ],
    ])('at %s refuses %j as Nova does', async (microversion, group, message) => {
      const { token } = await newProject();
      const res = await groups(token, 'POST', '', microversion, { server_group: group });
      expectFault(res, 400, message);
      expect((await groups(token, 'GET')).body.server_groups).toEqual([]);
    });

    it('keeps a project to 10 groups (403), as Nova’s default quota does', async () => {
      const { token } = await newProject();
      for (let i = 1; i <= 10; i++) {
        await createGroup(token, { name: `quota-${i}`, policies: ['affinity'] });
      }
      const res = await groups(token, 'POST', '', '2.1', {
        server_group: { name: 'quota-11', policies: ['affinity'] },
      });
      expectFault(res, 403, 'Quota exceeded, too many server groups.');
      // The quota is checked before the rules.
      const rules = await groups(token, 'POST', '', '2.64', {
        server_group: { name: 'g', policy: 'affinity', rules: { max_server_per_host: 2 } },
      });
      expectFault(rules, 403, 'Quota exceeded, too many server groups.');
      expect((await groups(token, 'GET')).body.server_groups).toHaveLength(10);
    });
  });

  describe('list, show and delete', () => {
    it('lists the project’s groups in order of creation, with offset and limit', async () => {
      const { token } = await newProject();
      const ids = [];
      for (const name of ['a', 'b', 'c']) {
        ids.push(await createGroup(token, { name, policies: ['affinity'] }));
      }
      const ids_ = (res: OsResponse) => pluck(res.body.server_groups, 'id');
      expect(ids_(await groups(token, 'GET'))).toEqual(ids);
      expect(ids_(await groups(token, 'GET', '?limit=1&offset=1'))).toEqual([ids[1]]);
      expect(ids_(await groups(token, 'GET', '?offset=2'))).toEqual([ids[2]]);
      // limit=0 is no limit, as in Nova.
      expect(ids_(await groups(token, 'GET', '?limit=0'))).toEqual(ids);
      // Below 2.75 unknown parameters are ignored; from 2.75 refused.
      expect(ids_(await groups(token, 'GET', '?name=x', '2.74'))).toEqual(ids);
      expectFault(
        await groups(token, 'GET', '?name=x', '2.75'),
        400,
        "Additional properties are not allowed ('name' was unexpected)",
      );
      expectFault(
        await groups(token, 'GET', '?limit=-1'),
        400,
        "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'",
      );
      expectFault(
        await groups(token, 'GET', '?offset=abc'),
        400,
        "Invalid input for query parameters offset. Value: abc. 'abc' does not match '^[0-9]*$'",
      );
    });

    it('keeps other projects’ groups to themselves; an admin sees all with all_projects', async () => {
      const mine = await newProject();
      const theirs = await newProject();
      const own = await createGroup(mine.token, { name: 'mine', policies: ['affinity'] });
      const other = await createGroup(theirs.token, { name: 'theirs', policies: ['affinity'] });
      const adminGroup = await createGroup(adminToken, { name: 'admin', policies: ['affinity'] });
      const notFound = `Instance group ${other} could not be found.`;
      expectFault(await groups(mine.token, 'GET', `/${other}`), 404, notFound);
      expectFault(await groups(mine.token, 'DELETE', `/${other}`), 404, notFound);
      // A member asking for every project gets its own.
      const asMember = await groups(mine.token, 'GET', '?all_projects=True', '2.64');
      expect(pluck(asMember.body.server_groups, 'id')).toEqual([own]);
      const asAdmin = await groups(adminToken, 'GET', '?all_projects=True', '2.13');
      const listed = pluck(asAdmin.body.server_groups, 'id');
      expect(listed).toEqual(expect.arrayContaining([own, other, adminGroup]));
      const adminOwn = await groups(adminToken, 'GET', '', '2.13');
      expect(pluck(adminOwn.body.server_groups, 'id')).toEqual([adminGroup]);
      // An admin shows and deletes any project's group.
      const shown = await groups(adminToken, 'GET', `/${other}`, '2.13');
      expect(shown.body.server_group).toMatchObject({ id: other, project_id: theirs.projectId });
      expect((await groups(adminToken, 'DELETE', `/${other}`)).status).toBe(204);
      expectFault(await groups(theirs.token, 'GET', `/${other}`), 404, notFound);
    });

    it('deletes with 204 at every microversion, then answers 404', async () => {
      const { token } = await newProject();
      const id = await createGroup(token, { name: 'g', policies: ['affinity'] });
      const deleted = await groups(token, 'DELETE', `/${id}`, '2.1');
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expectFault(
        await groups(token, 'DELETE', `/${id}`),
        404,
        `Instance group ${id} could not be found.`,
      );
      expectFault(
        await groups(token, 'GET', '/not-a-uuid'),
        404,
        'Instance group not-a-uuid could not be found.',
      );
    });
  });

  describe('the group scheduler hint', () => {
    it('refuses a group that is unknown, another project’s, or not a uuid (400)', async () => {
      const mine = await newProject();
      const theirs = await newProject();
      const other = await createGroup(theirs.token, { name: 'theirs', policies: ['affinity'] });
      const unknown = '00000000-0000-0000-0000-000000000000';
      expectFault(
        await boot(mine.token, { group: unknown }),
        400,
        `Instance group ${unknown} could not be found.`,
      );
      expectFault(
        await boot(mine.token, { group: other }),
        400,
        `Instance group ${other} could not be found.`,
      );
      expectFault(
        await boot(mine.token, { group: 'not-a-uuid' }),
        400,
        "Invalid input for field/attribute group. Value: not-a-uuid. 'not-a-uuid' is not a 'uuid'",
      );
      expectFault(
        await boot(mine.token, 'x'),
        400,
        "Invalid input for field/attribute os:scheduler_hints. Value: x. 'x' is not of type 'object'",
      );
      // Nothing was made.
      const servers = await os.nova('GET', '/servers', { token: mine.token });
      expect(servers.body.servers).toEqual([]);
      // The flavor is checked before the group, as in Nova.
      expectFault(
        await boot(mine.token, { group: unknown }, { flavorRef: '999' }),
        400,
        'Flavor 999 could not be found.',
      );
    });

    it('adds the servers to the group (newest first) and shows the group at 2.71', async () => {
      const { token } = await newProject();
      const group = await createGroup(token, { name: 'g', policies: ['affinity'] });
      const first = await bootInto(token, group);
      cloud.clock.advance(1000);
      const second = await bootInto(token, group, { name: 'vm2' });
      expect(await membersOf(token, group)).toEqual([second, first]);
      expect((await showServer(token, first, '2.71')).body.server.server_groups).toEqual([group]);
      expect((await showServer(token, first, '2.70')).body.server).not.toHaveProperty(
        'server_groups',
      );
      // PUT /servers/{id} shows it too.
      const renamed = await os.nova('PUT', `/servers/${first}`, {
        token,
        microversion: '2.71',
        body: { server: { name: 'renamed' } },
      });
      expect(renamed.body.server.server_groups).toEqual([group]);
      // The older key of the hints works as well.
      const third = await os.nova('POST', '/servers', {
        token,
        microversion: '2.93',
        body: {
          server: { name: 'vm3', imageRef: IMAGE_IDS.cirros, flavorRef: '1', networks: 'none' },
          'OS-SCH-HNT:scheduler_hints': { group },
        },
      });
      expect(await membersOf(token, group)).toContain(third.body.server.id);
    });

    it('drops deleted servers from the members; a deleted group leaves its servers', async () => {
      const { token } = await newProject();
      const group = await createGroup(token, { name: 'g', policies: ['affinity'] });
      const gone = await bootInto(token, group);
      const kept = await bootInto(token, group);
      expect((await os.nova('DELETE', `/servers/${gone}`, { token })).status).toBe(204);
      expect(await membersOf(token, group)).toEqual([kept]);
      expect((await groups(token, 'DELETE', `/${group}`)).status).toBe(204);
      const shown = await showServer(token, kept, '2.71');
      expect(shown.body.server).toMatchObject({ status: 'ACTIVE', server_groups: [] });
    });

    it('leaves no host for a second server of an anti-affinity group on the one host', async () => {
      const { token } = await newProject();
      const group = await createGroup(token, { name: 'g', policies: ['anti-affinity'] });
      const first = await bootInto(token, group);
      const second = await bootInto(token, group);
      expect((await showServer(token, first)).body.server.status).toBe('ACTIVE');
      const failed = (await showServer(token, second)).body.server;
      expect(failed).toMatchObject({
        status: 'ERROR',
        hostId: '',
        'OS-EXT-AZ:availability_zone': '',
        'OS-SRV-USG:launched_at': null,
        'OS-EXT-STS:vm_state': 'error',
        'OS-EXT-STS:power_state': 0,
        fault: { code: 500, message: NO_VALID_HOST },
        server_groups: [group],
      });
      expect(failed).not.toHaveProperty('progress');
      // Both are members, the failed one included.
      expect(await membersOf(token, group)).toEqual([second, first]);
      // A server that never got a host holds no place: once the first is gone, a third fits.
      await os.nova('DELETE', `/servers/${first}`, { token });
      const third = await bootInto(token, group);
      expect((await showServer(token, third)).body.server.status).toBe('ACTIVE');
    });

    it('places max_server_per_host servers of an anti-affinity group (2.64), and no more', async () => {
      const { token } = await newProject();
      const group = await createGroup(
        token,
        { name: 'g', policy: 'anti-affinity', rules: { max_server_per_host: 2 } },
        '2.64',
      );
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const id = await bootInto(token, group);
        statuses.push((await showServer(token, id)).body.server.status);
      }
      expect(statuses).toEqual(['ACTIVE', 'ACTIVE', 'ERROR']);
    });

    it('fails every server of a request the group cannot hold, as the scheduler does', async () => {
      const { token } = await newProject();
      const group = await createGroup(
        token,
        { name: 'g', policy: 'anti-affinity', rules: { max_server_per_host: 2 } },
        '2.64',
      );
      await bootInto(token, group, { min_count: 3 });
      const servers = await os.nova('GET', '/servers/detail', { token, microversion: '2.93' });
      expect(pluck(servers.body.servers, 'status')).toEqual(['ERROR', 'ERROR', 'ERROR']);
      // Two at once fit.
      const other = await createGroup(
        token,
        { name: 'g2', policy: 'anti-affinity', rules: { max_server_per_host: 2 } },
        '2.64',
      );
      await bootInto(token, other, { name: 'pair', min_count: 2 });
      const pair = await os.nova('GET', '/servers/detail?name=pair', {
        token,
        microversion: '2.93',
      });
      expect(pluck(pair.body.servers, 'status')).toEqual(['ACTIVE', 'ACTIVE']);
    });

    it('always places servers of affinity and soft groups on the one host', async () => {
      const { token } = await newProject();
      for (const [policy, microversion] of [
        ['affinity', '2.1'],
        ['soft-affinity', '2.15'],
        ['soft-anti-affinity', '2.15'],
      ]) {
        const group = await createGroup(token, { name: policy, policies: [policy] }, microversion);
        const ids = [await bootInto(token, group), await bootInto(token, group)];
        for (const id of ids) {
          expect((await showServer(token, id)).body.server.status).toBe('ACTIVE');
        }
      }
    });

    it('keeps a group to 10 servers (403), counting every server of a request', async () => {
      const { token } = await newProject();
      const group = await createGroup(token, { name: 'g', policies: ['affinity'] });
      await bootInto(token, group, { name: 'quota-vm', min_count: 10 });
      expect(await membersOf(token, group)).toHaveLength(10);
      expectFault(
        await boot(token, { group }, { name: 'quota-vm-11' }),
        403,
        'Quota exceeded, too many servers in group',
      );
      // A deleted member frees its place; two more do not fit in one.
      const [member] = await membersOf(token, group);
      await os.nova('DELETE', `/servers/${member}`, { token });
      expectFault(
        await boot(token, { group }, { name: 'two', min_count: 2 }),
        403,
        'Quota exceeded, too many servers in group',
      );
      expect((await boot(token, { group }, { name: 'one' })).status).toBe(202);
    });
  });
});
