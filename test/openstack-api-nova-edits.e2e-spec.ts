import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { expectNovaFault, IMAGE_IDS, OpenStackHttp, pluck } from './support/openstack-http';

/** Keys of the `PUT /servers/{id}` answer below 2.75 (seen on Nova Zed, at 2.1). */
const UPDATE_KEYS_21 = [
  'OS-DCF:diskConfig',
  'accessIPv4',
  'accessIPv6',
  'addresses',
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
 * The OpenStack-compatible API's server edits: `PUT /servers/{id}`, the metadata API
 * and the server tags API (2.26), with Nova Zed's codes and texts (see also the samples
 * 70–99 the conformance suite replays).
 */
describe('OpenStack API: Nova server rename, metadata and tags', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;

  beforeAll(async () => {
    cloud = await startOpenStackCloud({ MOCK_OPENSTACK_LATENCY_MS: '1000' });
    os = new OpenStackHttp(cloud);
    token = await os.token();
  });
  afterAll(() => cloud.close());

  const nova = (method: string, path: string, body?: unknown, microversion = '2.93') =>
    os.nova(method, path, { token, microversion, body });
  const show = async (id: string, microversion = '2.93') => {
    const res = await nova('GET', `/servers/${id}`, undefined, microversion);
    expect(res.status).toBe(200);
    return res.body.server as Record<string, unknown>;
  };
  /** A server of the demo project, ACTIVE. */
  const active = async (server: Record<string, unknown> = {}) => {
    const id = await os.createServer(token, server);
    cloud.clock.advance(1_000);
    expect(await show(id)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null });
    return id;
  };
  const fault = expectNovaFault;

  describe('PUT /servers/{id}', () => {
    it('renames in any state; below 2.75 the answer leaves out the extended fields', async () => {
      const id = await active();
      const before = (await show(id)).updated;
      cloud.clock.advance(5_000);
      const res = await nova('PUT', `/servers/${id}`, { server: { name: 'renamed' } }, '2.1');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(Object.keys(res.body.server).sort()).toEqual(UPDATE_KEYS_21);
      // Nova's answer still shows the time before the change; a read shows the new one.
      expect(res.body.server).toMatchObject({ name: 'renamed', updated: before });
      expect((await show(id)).updated).not.toBe(before);
      expect(await show(id)).toMatchObject({ name: 'renamed' });
    });

    it('answers every field from 2.75, and takes a description from 2.19', async () => {
      const id = await active();
      await nova('PUT', `/servers/${id}/tags/web`, undefined, '2.26');
      const res = await nova('PUT', `/servers/${id}`, {
        server: { name: 'described', description: 'web tier' },
      });
      expect(res.status).toBe(200);
      const read = await show(id);
      expect(Object.keys(res.body.server).sort()).toEqual(
        Object.keys(read)
          .filter((key) => key !== 'updated')
          .concat('updated')
          .sort(),
      );
      expect(res.body.server).toMatchObject({
        name: 'described',
        description: 'web tier',
        tags: ['web'],
        'OS-EXT-STS:vm_state': 'active',
      });
      const at274 = await nova('PUT', `/servers/${id}`, { server: { description: null } }, '2.74');
      expect(at274.body.server).toMatchObject({ description: null, tags: ['web'] });
      expect(at274.body.server).not.toHaveProperty('OS-EXT-STS:vm_state');
      expect(await show(id, '2.19')).toMatchObject({ description: null });
    });

    it('renames a locked server, and one in a task', async () => {
      const id = await active();
      expect((await nova('POST', `/servers/${id}/action`, { lock: null })).status).toBe(202);
      expect((await nova('PUT', `/servers/${id}`, { server: { name: 'locked' } })).status).toBe(
        200,
      );
      expect((await nova('POST', `/servers/${id}/action`, { unlock: null })).status).toBe(202);
      expect((await nova('POST', `/servers/${id}/action`, { 'os-stop': null })).status).toBe(202);
      const res = await nova('PUT', `/servers/${id}`, { server: { name: 'stopping' } });
      expect(res.body.server).toMatchObject({
        name: 'stopping',
        'OS-EXT-STS:task_state': 'powering-off',
      });
    });

    it.each<[string, unknown, string, string?]>([
      ['no body', undefined, "None is not of type 'object'"],
      ['no server', {}, "'server' is a required property"],
      [
        'another top-level field',
        { server: {}, extra: 1 },
        "Additional properties are not allowed ('extra' was unexpected)",
      ],
      [
        'a server that is a string',
        { server: 'x' },
        "Invalid input for field/attribute server. Value: x. 'x' is not of type 'object'",
      ],
      [
        'a numeric name',
        { server: { name: 5 } },
        "Invalid input for field/attribute name. Value: 5. 5 is not of type 'string'",
      ],
      [
        'an empty name',
        { server: { name: '' } },
        "Invalid input for field/attribute name. Value: . '' is too short",
      ],
      [
        'a name with a control character',
        { server: { name: 'a\u0001b' } },
        "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
      ],
      [
        'a name ending with a space',
        { server: { name: 'web ' } },
        "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
      ],
      [
        'a description before 2.19',
        { server: { description: 'x' } },
        "Invalid input for field/attribute server. Value: {'description': 'x'}. Additional properties are not allowed ('description' was unexpected)",
        '2.18',
      ],
      [
        'a numeric description',
        { server: { description: 5 } },
        "Invalid input for field/attribute description. Value: 5. 5 is not of type 'string', 'null'",
      ],
      [
        'a hostname before 2.90',
        { server: { hostname: 'h' } },
        "Invalid input for field/attribute server. Value: {'hostname': 'h'}. Additional properties are not allowed ('hostname' was unexpected)",
        '2.89',
      ],
    ])('refuses %s with 400 and Nova’s text', async (_label, body, message, version = '2.93') => {
      const id = await active({ name: 'unchanged' });
      fault(await nova('PUT', `/servers/${id}`, body, version), 400, message);
      expect(await show(id)).toMatchObject({ name: 'unchanged' });
    });

    it('answers 404 for an unknown server', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      fault(
        await nova('PUT', `/servers/${missing}`, { server: { name: 'x' } }),
        404,
        `Instance ${missing} could not be found.`,
      );
    });
  });

  describe('/servers/{id}/metadata', () => {
    it('reads, merges, replaces, sets and deletes items', async () => {
      const id = await active({ metadata: { role: 'web' } });
      const path = `/servers/${id}/metadata`;
      expect((await nova('GET', path)).body).toEqual({ metadata: { role: 'web' } });
      const merged = await nova('POST', path, { metadata: { tier: '1', role: 'db' } });
      expect([merged.status, merged.body]).toEqual([200, { metadata: { role: 'db', tier: '1' } }]);
      const replaced = await nova('PUT', path, { metadata: { env: 'prod' } });
      expect([replaced.status, replaced.body]).toEqual([200, { metadata: { env: 'prod' } }]);
      const item = await nova('PUT', `${path}/owner`, { meta: { owner: 'ops' } });
      expect([item.status, item.body]).toEqual([200, { meta: { owner: 'ops' } }]);
      expect((await nova('GET', `${path}/owner`)).body).toEqual({ meta: { owner: 'ops' } });
      expect((await show(id)).metadata).toEqual({ env: 'prod', owner: 'ops' });

      const deleted = await nova('DELETE', `${path}/owner`);
      expect([deleted.status, deleted.text]).toEqual([204, '']);
      fault(await nova('GET', `${path}/owner`), 404, 'Metadata item was not found');
      fault(await nova('DELETE', `${path}/owner`), 404, 'Metadata item was not found');
      expect((await nova('GET', path)).body).toEqual({ metadata: { env: 'prod' } });
      // A key named like an Object.prototype member is an item like any other.
      fault(await nova('GET', `${path}/toString`), 404, 'Metadata item was not found');
    });

    it('moves `updated` for a change, but not for a deleted item, as Nova does', async () => {
      const id = await active({ metadata: { a: '1' } });
      const first = (await show(id)).updated;
      cloud.clock.advance(2_000);
      await nova('POST', `/servers/${id}/metadata`, { metadata: { b: '2' } });
      const second = (await show(id)).updated;
      expect(second).not.toBe(first);
      cloud.clock.advance(2_000);
      await nova('DELETE', `/servers/${id}/metadata/a`);
      expect((await show(id)).updated).toBe(second);
    });

    it('keeps the quota of 128 items (403), counting what a merge keeps', async () => {
      const id = await active({ metadata: { a: '1', b: '2' } });
      const items = (n: number) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
      const quota = 'Maximum number of metadata items exceeds 128';
      fault(await nova('POST', `/servers/${id}/metadata`, { metadata: items(127) }), 403, quota);
      fault(await nova('PUT', `/servers/${id}/metadata`, { metadata: items(129) }), 403, quota);
      expect((await nova('PUT', `/servers/${id}/metadata`, { metadata: items(128) })).status).toBe(
        200,
      );
      fault(
        await nova('PUT', `/servers/${id}/metadata/extra`, { meta: { extra: 'v' } }),
        403,
        quota,
      );
    });

    it('refuses changes on a locked server (409) but lets an admin of its project make them', async () => {
      const id = await active({ metadata: { a: '1' } });
      await nova('POST', `/servers/${id}/action`, { lock: null });
      const locked = `Instance ${id} is locked`;
      fault(await nova('PUT', `/servers/${id}/metadata`, { metadata: {} }), 409, locked);
      fault(await nova('POST', `/servers/${id}/metadata`, { metadata: { b: '2' } }), 409, locked);
      fault(await nova('PUT', `/servers/${id}/metadata/b`, { meta: { b: '2' } }), 409, locked);
      fault(await nova('DELETE', `/servers/${id}/metadata/a`), 409, locked);
      // A missing item is 404 before the lock is looked at.
      fault(await nova('DELETE', `/servers/${id}/metadata/zz`), 404, 'Metadata item was not found');

      // An admin of the project acts through the lock, as a cloud admin does in Nova.
      const demoAdmin = await os.token(await mintKey(cloud, 'demo', 'admin'), 'demo');
      const asAdmin = await os.nova('DELETE', `/servers/${id}/metadata/a`, { token: demoAdmin });
      expect(asAdmin.status).toBe(204);
      expect(await show(id)).toMatchObject({ metadata: {}, locked: true });
    });

    it('refuses changes outside ACTIVE, SHUTOFF, PAUSED and SUSPENDED, and during a task', async () => {
      const id = await active({ metadata: { a: '1' } });
      await nova('POST', `/servers/${id}/action`, { 'os-stop': null });
      fault(
        await nova('PUT', `/servers/${id}/metadata`, { metadata: {} }),
        409,
        `Cannot 'update metadata' instance ${id} while it is in task_state powering-off`,
      );
      fault(
        await nova('DELETE', `/servers/${id}/metadata/a`),
        409,
        `Cannot 'delete metadata' instance ${id} while it is in task_state powering-off`,
      );
      cloud.clock.advance(1_000);
      expect((await nova('PUT', `/servers/${id}/metadata`, { metadata: { b: '2' } })).status).toBe(
        200,
      );
      await nova('POST', `/servers/${id}/action`, { rescue: null });
      cloud.clock.advance(1_000);
      fault(
        await nova('POST', `/servers/${id}/metadata`, { metadata: { c: '3' } }),
        409,
        `Cannot 'update metadata' instance ${id} while it is in vm_state rescued`,
      );
    });

    it.each<[string, string, string, unknown, string]>([
      ['PUT', '', 'no metadata', {}, "'metadata' is a required property"],
      [
        'POST',
        '',
        'metadata that is a list',
        { metadata: [] },
        "Invalid input for field/attribute metadata. Value: []. [] is not of type 'object'",
      ],
      [
        'PUT',
        '',
        'a key with a slash',
        { metadata: { 'bad/key': 'x' } },
        "Invalid input for field/attribute metadata. Value: {'bad/key': 'x'}. 'bad/key' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'",
      ],
      [
        'PUT',
        '',
        'a null value',
        { metadata: { k: null } },
        "Invalid input for field/attribute k. Value: None. None is not of type 'string'",
      ],
      [
        'PUT',
        '',
        'a value over 255 characters',
        { metadata: { k: 'v'.repeat(256) } },
        `Invalid input for field/attribute k. Value: ${'v'.repeat(256)}. '${'v'.repeat(256)}' is too long`,
      ],
      [
        'POST',
        '',
        'another field',
        { metadata: {}, meta: {} },
        "Additional properties are not allowed ('meta' was unexpected)",
      ],
      [
        'PUT',
        '/k',
        'an item body of two pairs',
        { meta: { k: '1', l: '2' } },
        "Invalid input for field/attribute meta. Value: {'k': '1', 'l': '2'}. {'k': '1', 'l': '2'} has too many properties",
      ],
      [
        'PUT',
        '/k',
        'an empty item body',
        { meta: {} },
        'Invalid input for field/attribute meta. Value: {}. {} does not have enough properties',
      ],
      [
        'PUT',
        '/k',
        'an item of another key',
        { meta: { l: '1' } },
        'Request body and URI mismatch',
      ],
    ])(
      '%s metadata%s: refuses %s with 400 and Nova’s text',
      async (method, item, _l, body, message) => {
        const id = await active({ metadata: { a: '1' } });
        fault(await nova(method, `/servers/${id}/metadata${item}`, body), 400, message);
        expect((await show(id)).metadata).toEqual({ a: '1' });
      },
    );

    it('answers 404 for an unknown server', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const notFound = `Instance ${missing} could not be found.`;
      fault(await nova('GET', `/servers/${missing}/metadata`), 404, notFound);
      fault(await nova('PUT', `/servers/${missing}/metadata`, { metadata: {} }), 404, notFound);
      fault(await nova('DELETE', `/servers/${missing}/metadata/a`), 404, notFound);
    });
  });

  describe('/servers/{id}/tags', () => {
    const tags = (id: string, tag?: string) =>
      `/servers/${id}/tags${tag === undefined ? '' : `/${encodeURIComponent(tag)}`}`;

    it('is there from microversion 2.26 only', async () => {
      const id = await active();
      for (const [method, path] of [
        ['GET', tags(id)],
        ['PUT', tags(id, 'web')],
        ['DELETE', tags(id)],
      ]) {
        fault(await nova(method, path, undefined, '2.25'), 404, 'The resource could not be found.');
      }
      expect((await nova('GET', tags(id), undefined, '2.26')).body).toEqual({ tags: [] });
      expect(await show(id, '2.25')).not.toHaveProperty('tags');
    });

    it('sets, adds, checks and removes tags, with Nova’s codes and content types', async () => {
      const id = await active();
      const set = await nova('PUT', tags(id), { tags: ['web', 'Prod', 'web'] });
      expect([set.status, set.body]).toEqual([200, { tags: ['Prod', 'web'] }]);

      const added = await nova('PUT', tags(id, 'blue'));
      expect([added.status, added.text]).toEqual([201, '']);
      expect(added.headers.get('content-type')).toBe('text/html; charset=UTF-8');
      expect(added.headers.get('location')).toBe(
        `${cloud.baseUrl}/compute/v2.1/servers/${id}/tags/blue`,
      );
      const again = await nova('PUT', tags(id, 'blue'), null);
      expect([again.status, again.headers.get('location')]).toEqual([204, null]);
      const spaced = await nova('PUT', tags(id, 'team blue'));
      expect(spaced.headers.get('location')).toBe(
        `${cloud.baseUrl}/compute/v2.1/servers/${id}/tags/team%20blue`,
      );

      const has = await nova('GET', tags(id, 'blue'));
      expect([has.status, has.text, has.headers.get('content-type')]).toEqual([
        204,
        '',
        'application/json',
      ]);
      fault(await nova('GET', tags(id, 'green')), 404, `Server ${id} has no tag 'green'`);
      expect(await show(id)).toMatchObject({ tags: ['blue', 'Prod', 'team blue', 'web'] });

      expect((await nova('DELETE', tags(id, 'Prod'))).status).toBe(204);
      fault(await nova('DELETE', tags(id, 'Prod')), 404, `Instance ${id} has no tag 'Prod'`);
      expect((await nova('GET', tags(id))).body).toEqual({ tags: ['blue', 'team blue', 'web'] });
      const cleared = await nova('DELETE', tags(id));
      expect([cleared.status, cleared.text]).toEqual([204, '']);
      expect((await nova('GET', tags(id))).body).toEqual({ tags: [] });
    });

    it('keeps the limits of 50 tags, 60 characters, no "/" or ","', async () => {
      const id = await active();
      const many = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
      const invalidTag = (tag: string, why: string) =>
        `Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: ${why}`;
      fault(
        await nova('PUT', tags(id, 'a,b')),
        400,
        invalidTag('a,b', "'a,b' does not match '^[^,/]*$'"),
      );
      const long = 'x'.repeat(61);
      fault(await nova('PUT', tags(id, long)), 400, invalidTag(long, `'${long}' is too long`));
      fault(
        await nova('PUT', tags(id), { tags: ['ok', ''] }),
        400,
        "Invalid input for field/attribute 1. Value: . '' is too short",
      );
      fault(
        await nova('PUT', tags(id), { tags: [5] }),
        400,
        "Invalid input for field/attribute 0. Value: 5. 5 is not of type 'string'",
      );
      fault(
        await nova('PUT', tags(id), { tags: 'web' }),
        400,
        "Invalid input for field/attribute tags. Value: web. 'web' is not of type 'array'",
      );
      fault(await nova('PUT', tags(id, 'ok'), {}), 400, "{} is not of type 'null'");
      fault(
        await nova('PUT', tags(id), { tags: [], x: 1 }),
        400,
        "Additional properties are not allowed ('x' was unexpected)",
      );

      expect((await nova('PUT', tags(id), { tags: many(50) })).status).toBe(200);
      const full = 'The number of tags exceeded the per-server limit 50';
      fault(await nova('PUT', tags(id, 'one-more')), 400, full);
      fault(await nova('PUT', tags(id, 't0')), 400, full);
      expect((await nova('GET', tags(id))).body.tags).toHaveLength(50);
    });

    it('changes tags during a task and on a locked server, not in other vm_states (409)', async () => {
      const id = await active();
      await nova('POST', `/servers/${id}/action`, { lock: null });
      expect((await nova('PUT', tags(id, 'locked'))).status).toBe(201);
      await nova('POST', `/servers/${id}/action`, { unlock: null });
      await nova('POST', `/servers/${id}/action`, { 'os-stop': null });
      expect((await nova('PUT', tags(id, 'stopping'))).status).toBe(201);
      cloud.clock.advance(1_000);
      await nova('POST', `/servers/${id}/action`, { shelve: null });
      cloud.clock.advance(1_000);
      const shelved = (what: string) =>
        `Cannot '${what}' instance ${id} while it is in vm_state shelved_offloaded`;
      fault(await nova('PUT', tags(id, 'x')), 409, shelved('update tag'));
      fault(await nova('PUT', tags(id), { tags: [] }), 409, shelved('update tags'));
      fault(await nova('DELETE', tags(id, 'nope')), 409, shelved('delete tag'));
      fault(await nova('DELETE', tags(id)), 409, shelved('delete tags'));
      expect((await nova('GET', tags(id))).body).toEqual({ tags: ['locked', 'stopping'] });
      // The schema is checked before the state.
      fault(
        await nova('PUT', tags(id), { tags: [''] }),
        400,
        "Invalid input for field/attribute 0. Value: . '' is too short",
      );
    });

    it('answers an unknown server 404 (no cell mapping), a deleted one 404, another project’s 403', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      fault(await nova('GET', tags(missing)), 404, `Instance ${missing} has no mapping to a cell.`);
      fault(
        await nova('PUT', tags(missing, 'x')),
        404,
        `Instance ${missing} has no mapping to a cell.`,
      );

      const gone = await active();
      await nova('DELETE', `/servers/${gone}`);
      cloud.clock.advance(1_000);
      fault(await nova('GET', tags(gone)), 404, `Instance ${gone} could not be found.`);

      const theirs = await active();
      const otherKey = await mintKey(cloud, 'other-project');
      const otherToken = await os.token(otherKey, 'other-project');
      const asOther = (method: string, path: string, body?: unknown) =>
        os.nova(method, path, { token: otherToken, microversion: '2.93', body });
      const policy = (rule: string) =>
        `Policy doesn't allow os_compute_api:os-server-tags:${rule} to be performed.`;
      fault(await asOther('GET', tags(theirs)), 403, policy('index'));
      fault(await asOther('PUT', tags(theirs), { tags: [] }), 403, policy('update_all'));
      fault(await asOther('PUT', tags(theirs, 'x')), 403, policy('update'));
      fault(await asOther('GET', tags(theirs, 'x')), 403, policy('show'));
      fault(await asOther('DELETE', tags(theirs, 'x')), 403, policy('delete'));
      fault(await asOther('DELETE', tags(theirs)), 403, policy('delete_all'));

      // A cloud admin may.
      const adminToken = await os.token(cloud.adminKey, 'admin');
      const byAdmin = await os.nova('PUT', tags(theirs, 'by-admin'), {
        token: adminToken,
        microversion: '2.93',
      });
      expect(byAdmin.status).toBe(201);
      expect((await show(theirs)).tags).toEqual(['by-admin']);
    });

    it('shows tags in server views from 2.26 (show, detail lists, a rebuild’s answer)', async () => {
      const id = await active({ name: 'tag-views' });
      await nova('PUT', tags(id), { tags: ['web'] });
      expect((await show(id, '2.26')).tags).toEqual(['web']);
      const detail = await nova('GET', '/servers/detail?name=tag-views');
      expect(pluck(detail.body.servers, 'tags')).toEqual([['web']]);
      const rebuilt = await nova('POST', `/servers/${id}/action`, {
        rebuild: { imageRef: IMAGE_IDS.cirros },
      });
      expect(rebuilt.body.server.tags).toEqual(['web']);
    });
  });

  describe('GET /servers?tags…', () => {
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      for (const [name, list] of [
        ['f-web-prod', ['web', 'prod']],
        ['f-web', ['web']],
        ['f-db', ['db']],
        ['f-none', []],
      ] as const) {
        ids[name] = await active({ name });
        await nova('PUT', `/servers/${ids[name]}/tags`, { tags: list });
      }
    });

    const names = async (query: string, microversion = '2.93', detail = false) => {
      const res = await nova(
        'GET',
        `/servers${detail ? '/detail' : ''}?name=^f-&${query}`,
        undefined,
        microversion,
      );
      expect(res.status).toBe(200);
      return (pluck(res.body.servers, 'name') as string[]).sort();
    };

    it.each([
      ['tags=web,prod', ['f-web-prod']],
      ['tags=web', ['f-web', 'f-web-prod']],
      ['tags-any=prod,db', ['f-db', 'f-web-prod']],
      ['not-tags=web,prod', ['f-db', 'f-none', 'f-web']],
      ['not-tags-any=web,db', ['f-none']],
      ['tags=web&not-tags-any=prod', ['f-web']],
      ['tags=nope', []],
      ['tags=nope&tags=web', ['f-web', 'f-web-prod']],
    ])('filters %s', async (query, expected) => {
      expect(await names(query)).toEqual(expected);
      expect(await names(query, '2.26', true)).toEqual(expected);
    });

    it('ignores the tag filters below 2.26, and refuses an empty one', async () => {
      expect(await names('tags=nope', '2.25')).toEqual(['f-db', 'f-none', 'f-web', 'f-web-prod']);
      fault(
        await nova('GET', '/servers?tags-any='),
        400,
        "Invalid input for query parameters tags-any. Value: . '' is not a 'regex'",
      );
    });
  });
});

/** A key of a project, minted through the admin API. */
async function mintKey(
  cloud: OpenStackCloud,
  projectId: string,
  role: 'member' | 'admin' = 'member',
): Promise<string> {
  const res = await fetch(`${cloud.baseUrl}/api/v1/admin/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cloud.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ projectId, role, name: `${projectId}-${role}` }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}
