import { SEED_METADEF_RESOURCE_TYPES } from '../src/simulator';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { OpenStackHttp, pluck, type OsResponse } from './support/openstack-http';

const TITLES: Record<number, string> = {
  400: '400 Bad Request',
  403: '403 Forbidden',
  404: '404 Not Found',
  409: '409 Conflict',
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
};

/** Glance's (webob's) HTML error page, escaped as Python's `html.escape` does (`'` → `&#x27;`). */
const page = (status: number, message: string) =>
  `<html>\n <head>\n  <title>${TITLES[status]}</title>\n </head>\n <body>\n  <h1>${TITLES[status]}</h1>\n` +
  `  ${message.replace(/[&<>"']/g, (c) => ESCAPES[c])}<br /><br />\n\n\n\n </body>\n</html>`;

/**
 * `/image/v2/metadefs/…` and `/image/v2/schemas/metadefs/…` as the lab's Glance (Zed)
 * answered them, beyond the captured samples the conformance suite replays (322–349):
 * checks of bodies and queries, who may do what, paging and sorting, names without regard
 * to case, protected namespaces, tags replaced or appended, resource type associations.
 * Schema errors are compared on their first line: Glance follows it with jsonschema's dump
 * of its own schema, which we do not repeat.
 */
describe('OpenStack API: Glance metadata definitions', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;
  let admin: string;
  let names = 0;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
    token = await os.token();
    admin = await os.token(cloud.adminKey, 'admin');
  });
  afterAll(() => cloud.close());

  const md = (method: string, path: string, body?: unknown, as = admin, headers = {}) =>
    os.glance(method, `/v2/metadefs${path}`, { token: as, body, headers });
  /** A request with a body sent as it is (empty, or not JSON). */
  const raw = async (method: string, path: string, body: string) => {
    const res = await fetch(`${cloud.baseUrl}/image/v2/metadefs${path}`, {
      method,
      headers: { 'x-auth-token': admin, 'content-type': 'application/json' },
      body,
    });
    return { status: res.status, headers: res.headers, text: await res.text(), body: undefined };
  };
  const expectError = (res: OsResponse, status: number, message: string) => {
    expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
      status,
      type: 'text/html; charset=UTF-8',
    });
    expect(res.text).toBe(page(status, message));
  };
  /** A fresh namespace name, and the namespace made with `fields`. */
  const newNamespace = async (fields: Record<string, unknown> = {}) => {
    const name = `ns-${++names}`;
    const res = await md('POST', '/namespaces', { namespace: name, ...fields });
    expect(res.status).toBe(201);
    return name;
  };

  describe('schemas', () => {
    it('serves the ten metadef schemas under the names Glance gives them', async () => {
      const names = [
        ['namespace', 'namespace'],
        ['namespaces', 'namespaces'],
        ['object', 'object'],
        ['objects', 'objects'],
        ['property', 'property'],
        ['properties', 'properties'],
        ['resource_type', 'resource_type_association'],
        ['resource_types', 'resource_type_associations'],
        ['tag', 'tag'],
        ['tags', 'tags'],
      ];
      for (const [path, name] of names) {
        const res = await os.glance('GET', `/v2/schemas/metadefs/${path}`, { token });
        expect({ path, status: res.status, name: res.body?.name }).toEqual({
          path,
          status: 200,
          name,
        });
      }
      const namespace = (await os.glance('GET', '/v2/schemas/metadefs/namespace', { token })).body;
      expect(namespace.required).toEqual(['namespace']);
      expect(namespace.properties.visibility.enum).toEqual(['public', 'private']);
      expect(namespace.properties.namespace.maxLength).toBe(80);
      const property = (await os.glance('GET', '/v2/schemas/metadefs/property', { token })).body;
      expect(property.required).toEqual(['type', 'title', 'name']);
      expectError(
        await os.glance('GET', '/v2/schemas/metadefs/nope', { token }),
        404,
        'The resource could not be found.',
      );
    });
  });

  describe('resource types', () => {
    it('lists the standard resource types, loaded as glance-manage loads them', async () => {
      const res = await md('GET', '/resource_types', undefined, token);
      expect(pluck(res.body.resource_types, 'name')).toEqual([...SEED_METADEF_RESOURCE_TYPES]);
      expect(Object.keys(res.body.resource_types[0])).toEqual(['name', 'created_at', 'updated_at']);
    });

    it('associates namespaces with resource types, and forgets the associations', async () => {
      const ns = await newNamespace({ visibility: 'public' });
      const made = await md(`POST`, `/namespaces/${ns}/resource_types`, {
        name: 'OS::Nova::Flavor',
        prefix: 'hw:',
      });
      expect(made.status).toBe(201);
      expect(made.body).toEqual({
        name: 'OS::Nova::Flavor',
        prefix: 'hw:',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const again = await md(`POST`, `/namespaces/${ns}/resource_types`, {
        name: 'OS::Nova::Flavor',
      });
      expectError(
        again,
        409,
        `The metadata definition resource-type association of resource-type=OS::Nova::Flavor to namespace=${ns} already exists.`,
      );
      // An unknown name makes a resource type, as Glance does.
      await md(`POST`, `/namespaces/${ns}/resource_types`, { name: 'OS::Custom::Thing' });
      const types = await md('GET', '/resource_types');
      expect(pluck(types.body.resource_types, 'name')).toContain('OS::Custom::Thing');
      const listed = await md('GET', `/namespaces/${ns}/resource_types`, undefined, token);
      expect(pluck(listed.body.resource_type_associations, 'name')).toEqual([
        'OS::Nova::Flavor',
        'OS::Custom::Thing',
      ]);
      // The namespace list filters by them.
      const filtered = await md('GET', '/namespaces?resource_types=OS::Nova::Flavor');
      expect(pluck(filtered.body.namespaces, 'namespace')).toEqual([ns]);
      expect(filtered.body.namespaces[0].resource_type_associations[0]).toMatchObject({
        name: 'OS::Nova::Flavor',
        prefix: 'hw:',
      });
      expect(filtered.body.first).toBe(
        '/v2/metadefs/namespaces?resource_types=OS%3A%3ANova%3A%3AFlavor',
      );

      const gone = await md('DELETE', `/namespaces/${ns}/resource_types/OS::Nova::Flavor`);
      expect(gone.status).toBe(204);
      expectError(
        await md('DELETE', `/namespaces/${ns}/resource_types/OS::Nova::Flavor`),
        404,
        'Failed to find resource type OS::Nova::Flavor to delete',
      );
      expectError(
        await md('GET', '/namespaces/no-such-ns/resource_types'),
        404,
        'Namespace no-such-ns not found',
      );
    });

    it('keeps the associations of a protected namespace', async () => {
      const ns = await newNamespace({
        protected: true,
        resource_type_associations: [{ name: 'OS::Glance::Image' }],
      });
      expectError(
        await md('DELETE', `/namespaces/${ns}/resource_types/OS::Glance::Image`),
        403,
        'Metadata definition resource-type-association OS::Glance::Image is protected and cannot be deleted.',
      );
    });

    it('shows properties with the prefix of the resource type asked for', async () => {
      const ns = await newNamespace({
        resource_type_associations: [{ name: 'OS::Nova::Flavor', prefix: 'hw:' }],
        properties: { cpu_policy: { title: 'CPU policy', type: 'string' } },
      });
      const shown = await md('GET', `/namespaces/${ns}?resource_type=OS::Nova::Flavor`);
      expect(Object.keys(shown.body.properties)).toEqual(['hw:cpu_policy']);
      const property = await md(
        'GET',
        `/namespaces/${ns}/properties/hw:cpu_policy?resource_type=OS::Nova::Flavor`,
      );
      expect(property.body).toEqual({ name: 'cpu_policy', type: 'string', title: 'CPU policy' });
      expectError(
        await md('GET', `/namespaces/${ns}/properties/cpu_policy?resource_type=OS::Nova::Flavor`),
        404,
        "Property cpu_policy does not start with the expected resource type association prefix of 'hw:'.",
      );
    });
  });

  describe('namespaces', () => {
    it.each([
      [
        { namespace: 'x', visibility: 'shared' },
        "Provided object does not match schema 'namespace': 'shared' is not one of ['public', 'private']",
      ],
      [
        { display_name: 'x' },
        "Provided object does not match schema 'namespace': 'namespace' is a required property",
      ],
      [
        { namespace: 'n'.repeat(81) },
        `Provided object does not match schema 'namespace': '${'n'.repeat(81)}' is too long`,
      ],
      [
        // The error nearest the top wins (jsonschema's best match).
        { namespace: 'n'.repeat(81), foo: 1 },
        "Provided object does not match schema 'namespace': Additional properties are not allowed ('foo' was unexpected)",
      ],
      [
        { namespace: 'x', visibility: null },
        "Provided object does not match schema 'namespace': None is not of type 'string'",
      ],
      [5, 'Unexpected body type. Expected list/dict.'],
      [
        { namespace: 'x', tags: [{}] },
        "Invalid input for field/attribute name. Value: 'None'. Mandatory field missing.",
      ],
    ])('refuses %j (400) and makes nothing', async (body, message) => {
      const count = async () =>
        pluck((await md('GET', '/namespaces?limit=1000')).body.namespaces, 'namespace').length;
      const before = await count();
      expectError(await md('POST', '/namespaces', body), 400, message);
      expect(await count()).toBe(before);
    });

    it('refuses read-only fields (403), a missing body and broken JSON (400)', async () => {
      expectError(
        await md('POST', '/namespaces', { namespace: 'x', self: 'y' }),
        403,
        "Attribute 'self' is read-only.",
      );
      expectError(await md('POST', '/namespaces', ['self']), 403, "Attribute 'self' is read-only.");
      expectError(await raw('POST', '/namespaces', ''), 400, 'Body expected in request.');
      expectError(
        await raw('POST', '/namespaces', '{"namespace":'),
        400,
        'Malformed JSON in request body.',
      );
    });

    it('leaves writes to admins, as Glance’s default policy does', async () => {
      const pub = await newNamespace({ visibility: 'public' });
      const priv = await newNamespace();
      expectError(
        await md('POST', '/namespaces', { namespace: 'mine' }, token),
        403,
        'You are not authorized to complete add_metadef_namespace action.',
      );
      expectError(
        await md('PUT', `/namespaces/${pub}`, { namespace: pub }, token),
        403,
        'You are not authorized to complete modify_metadef_namespace action.',
      );
      expectError(
        await md('DELETE', `/namespaces/${pub}`, undefined, token),
        403,
        'You are not authorized to complete delete_metadef_namespace action.',
      );
      expectError(
        await md('POST', `/namespaces/${pub}/tags/x`, undefined, token),
        403,
        'You are not authorized to complete add_metadef_tag action.',
      );
      expectError(
        await md('POST', `/namespaces/${pub}/objects`, { name: 'o' }, token),
        403,
        'You are not authorized to complete add_metadef_object action.',
      );
      // A namespace the caller may not see is not found.
      expectError(
        await md('DELETE', `/namespaces/${priv}`, undefined, token),
        404,
        `Namespace ${priv} not found`,
      );
      expectError(
        await md('POST', `/namespaces/${priv}/tags`, { tags: [{ name: 'm' }] }, token),
        404,
        `Namespace ${priv} not found`,
      );
      expectError(
        await md('GET', `/namespaces/${priv}`, undefined, token),
        404,
        'The resource could not be found.',
      );
      expectError(
        await md('GET', `/namespaces/${priv}/objects`, undefined, token),
        404,
        `Namespace ${priv} not found`,
      );
      // Reads of what the caller may see are open.
      expect((await md('GET', `/namespaces/${pub}`, undefined, token)).status).toBe(200);
    });

    it('keeps private namespaces to their owner’s project (admins see all)', async () => {
      const theirs = await newNamespace({ owner: 'demo' });
      const others = await newNamespace({ owner: 'someone-else' });
      const shown = await md('GET', `/namespaces/${others}`);
      expect(shown.body.owner).toBe('someone-else');
      const seen = pluck(
        (await md('GET', '/namespaces', undefined, token)).body.namespaces,
        'namespace',
      );
      expect(seen).toContain(theirs);
      expect(seen).not.toContain(others);
      expect((await md('GET', `/namespaces/${theirs}`, undefined, token)).status).toBe(200);
    });

    it('lists newest first, pages with limit and marker, sorts and filters', async () => {
      const t0 = await newNamespace({ visibility: 'public' });
      cloud.clock.advance(1000);
      const t1 = await newNamespace();
      cloud.clock.advance(1000);
      const t2 = await newNamespace({ visibility: 'public' });
      const listed = (await md('GET', '/namespaces')).body;
      expect(pluck(listed.namespaces, 'namespace').slice(0, 3)).toEqual([t2, t1, t0]);
      expect(listed.first).toBe('/v2/metadefs/namespaces');
      expect(listed).not.toHaveProperty('next');
      const paged = (await md('GET', '/namespaces?limit=1')).body;
      expect(Object.keys(paged)).toEqual(['namespaces', 'next', 'schema', 'first']);
      expect(paged.next).toBe(`/v2/metadefs/namespaces?limit=1&marker=${t2}`);
      expect(paged.first).toBe('/v2/metadefs/namespaces?limit=1');
      const second = (await md('GET', (paged.next as string).replace('/v2/metadefs', ''))).body;
      expect(pluck(second.namespaces, 'namespace')).toEqual([t1]);
      const byName = (await md('GET', '/namespaces?sort_key=namespace&sort_dir=asc')).body;
      const sortedNames = pluck(byName.namespaces, 'namespace') as string[];
      expect(sortedNames).toEqual([...sortedNames].sort());
      const publicOnes = (await md('GET', '/namespaces?visibility=public')).body;
      expect(pluck(publicOnes.namespaces, 'visibility')).not.toContain('private');
      expect((await md('GET', '/namespaces?limit=0')).body.namespaces).toEqual([]);
      expectError(
        await md('GET', '/namespaces?visibility=shared'),
        400,
        'Invalid visibility value: shared',
      );
      expectError(await md('GET', '/namespaces?sort_dir=up'), 400, 'Invalid sort direction: up');
      expectError(await md('GET', '/namespaces?limit=-1'), 400, 'limit param must be positive');
      expectError(
        await md('GET', '/namespaces?marker=nope'),
        404,
        'Metadata definition namespace=nope was not found.',
      );
      // Where Glance answers 500, a 400 in its words.
      expectError(await md('GET', '/namespaces?limit=abc'), 400, 'limit param must be an integer');
      expectError(await md('GET', '/namespaces?sort_key=foo'), 400, 'Invalid sort key: foo');
    });

    it('is created with its contents, and shows them', async () => {
      const created = await md('POST', '/namespaces', {
        namespace: 'Embedded-NS',
        protected: true,
        objects: [{ name: 'obj-a', properties: { p: { title: 'P', type: 'string' } } }],
        tags: [{ name: 'Tag-A' }],
        properties: { 'prop-a': { title: 'A', type: 'boolean' } },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(
        `${cloud.baseUrl}/image/v2/metadefs/namespaces/Embedded-NS`,
      );
      expect(created.body).toEqual({
        namespace: 'Embedded-NS',
        visibility: 'private',
        protected: true,
        owner: 'admin',
        created_at: expect.any(String),
        updated_at: expect.any(String),
        properties: { 'prop-a': { type: 'boolean', title: 'A' } },
        objects: [{ name: 'obj-a', properties: { p: { type: 'string', title: 'P' } } }],
        tags: [{ name: 'Tag-A' }],
        self: '/v2/metadefs/namespaces/Embedded-NS',
        schema: '/v2/schemas/metadefs/namespace',
      });
      // Names are found without regard to case; links echo the name as asked.
      const shown = await md('GET', '/namespaces/EMBEDDED-ns');
      expect(shown.body.self).toBe('/v2/metadefs/namespaces/Embedded-NS');
      expect(shown.body.objects).toEqual([
        {
          name: 'obj-a',
          required: [],
          properties: { p: { type: 'string', title: 'P' } },
          created_at: expect.any(String),
          updated_at: expect.any(String),
          self: '/v2/metadefs/namespaces/EMBEDDED-ns/objects/obj-a',
          schema: '/v2/schemas/metadefs/object',
        },
      ]);
      // A property made with its namespace has no name in it.
      const properties = await md('GET', '/namespaces/Embedded-NS/properties');
      expect(properties.body).toEqual({
        properties: { 'prop-a': { type: 'boolean', title: 'A' } },
      });
      expectError(
        await md('POST', '/namespaces', { namespace: 'embedded-ns' }),
        409,
        'The metadata definition namespace=embedded-ns already exists.',
      );
    });

    it('is replaced by a PUT, whose answer still shows the old update time', async () => {
      const ns = await newNamespace({
        display_name: 'Shown',
        protected: true,
        visibility: 'public',
      });
      const other = await newNamespace();
      await md('POST', `/namespaces/${ns}/tags/t`);
      cloud.clock.advance(5000);
      const put = await md('PUT', `/namespaces/${ns}`, {
        namespace: `${ns}b`,
        tags: [{ name: 'u' }],
      });
      expect(put.status).toBe(200);
      // Everything not given is reset: private, unprotected, no display name.
      expect(put.body).toEqual({
        namespace: `${ns}b`,
        visibility: 'private',
        protected: false,
        owner: 'admin',
        created_at: put.body.created_at,
        updated_at: put.body.created_at,
        self: `/v2/metadefs/namespaces/${ns}b`,
        schema: '/v2/schemas/metadefs/namespace',
      });
      const shown = (await md('GET', `/namespaces/${ns}b`)).body;
      expect(shown.updated_at).not.toBe(shown.created_at);
      // The body's contents are ignored; the namespace keeps its own.
      expect(shown.tags).toEqual([{ name: 't' }]);
      expectError(
        await md('PUT', `/namespaces/${ns}b`, { namespace: other }),
        409,
        `Invalid update. It would result in a duplicate metadata definition namespace with the same name of ${other}`,
      );
      expectError(
        await md('PUT', '/namespaces/no-such-ns', { namespace: 'x' }),
        404,
        'Namespace no-such-ns not found',
      );
    });

    it('cannot be deleted, nor emptied, while protected; a delete takes its contents', async () => {
      const ns = await newNamespace({
        protected: true,
        objects: [{ name: 'o' }],
        properties: { p: { title: 'P', type: 'string' } },
        tags: [{ name: 't' }],
      });
      const protectedMessage = `Metadata definition namespace ${ns} is protected and cannot be deleted.`;
      expectError(await md('DELETE', `/namespaces/${ns}`), 403, protectedMessage);
      for (const part of ['objects', 'properties', 'tags']) {
        expectError(await md('DELETE', `/namespaces/${ns}/${part}`), 403, protectedMessage);
      }
      expectError(
        await md('DELETE', `/namespaces/${ns}/objects/o`),
        403,
        'Metadata definition object o is protected and cannot be deleted.',
      );
      expectError(
        await md('DELETE', `/namespaces/${ns}/properties/p`),
        403,
        'Metadata definition property p is protected and cannot be deleted.',
      );
      expectError(
        await md('DELETE', `/namespaces/${ns}/tags/t`),
        403,
        'Metadata definition tag t is protected and cannot be deleted.',
      );
      await md('PUT', `/namespaces/${ns}`, { namespace: ns, protected: false });
      const deleted = await md('DELETE', `/namespaces/${ns}`);
      expect({ status: deleted.status, text: deleted.text }).toEqual({ status: 204, text: '' });
      // Made again under the same name, it starts empty.
      await md('POST', '/namespaces', { namespace: ns });
      expect((await md('GET', `/namespaces/${ns}/objects`)).body.objects).toEqual([]);
      expect((await md('GET', `/namespaces/${ns}/tags`)).body.tags).toEqual([]);
      expectError(
        await md('GET', '/namespaces/no-such-ns'),
        404,
        'Metadata definition namespace=no-such-ns was not found.',
      );
    });
  });

  describe('objects', () => {
    it('answers a create with what it was given, and a read with every field', async () => {
      const ns = await newNamespace({ visibility: 'public' });
      const created = await md('POST', `/namespaces/${ns}/objects`, { name: 'obj-b' });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBeNull();
      expect(Object.keys(created.body)).toEqual([
        'name',
        'created_at',
        'updated_at',
        'self',
        'schema',
      ]);
      const shown = await md('GET', `/namespaces/${ns}/objects/obj-b`, undefined, token);
      expect(Object.keys(shown.body)).toEqual([
        'name',
        'required',
        'properties',
        'created_at',
        'updated_at',
        'self',
        'schema',
      ]);
      expect(shown.body).toMatchObject({ required: [], properties: {} });
      const listed = await md('GET', `/namespaces/${ns}/objects`);
      expect(listed.body.schema).toBe('v2/schemas/metadefs/objects');
    });

    it('replaces an object on PUT; a rename onto another is 409 naming the old name', async () => {
      const ns = await newNamespace();
      await md('POST', `/namespaces/${ns}/objects`, {
        name: 'obj-a',
        description: 'An object',
        required: ['size'],
        properties: { size: { title: 'Size', type: 'integer', minimum: 0 } },
      });
      await md('POST', `/namespaces/${ns}/objects`, { name: 'obj-b' });
      expectError(
        await md('PUT', `/namespaces/${ns}/objects/obj-a`, { name: 'obj-b' }),
        409,
        `Invalid update. It would result in a duplicate metadata definition object with the same name=obj-a in namespace=${ns}.`,
      );
      cloud.clock.advance(3000);
      const put = await md('PUT', `/namespaces/${ns}/objects/obj-a`, {
        name: 'obj-c',
        description: 'Renamed',
      });
      expect(put.body).toEqual({
        name: 'obj-c',
        description: 'Renamed',
        created_at: put.body.created_at,
        updated_at: put.body.created_at,
        self: `/v2/metadefs/namespaces/${ns}/objects/obj-c`,
        schema: '/v2/schemas/metadefs/object',
      });
      const shown = (await md('GET', `/namespaces/${ns}/objects/obj-c`)).body;
      expect(shown).toMatchObject({ required: [], properties: {}, description: 'Renamed' });
      expect(shown.updated_at).not.toBe(shown.created_at);
      expectError(
        await md('GET', `/namespaces/${ns}/objects/obj-a`),
        404,
        'Could not find metadata object obj-a',
      );
    });

    it('refuses what Glance refuses', async () => {
      const ns = await newNamespace();
      await md('POST', `/namespaces/${ns}/objects`, { name: 'sample-object' });
      expectError(
        await md('POST', `/namespaces/${ns}/objects`, { name: 'SAMPLE-object' }),
        409,
        `A metadata definition object with name=SAMPLE-object already exists in namespace=${ns}.`,
      );
      expectError(
        await md('POST', '/namespaces/no-such-ns/objects', { name: 'x' }),
        404,
        'Metadata definition namespace=no-such-ns was not found.',
      );
      expectError(
        await md('GET', '/namespaces/no-such-ns/objects/x'),
        404,
        'Metadata definition namespace=no-such-ns was not found.',
      );
      expectError(
        await md('PUT', `/namespaces/${ns}/objects/nope`, { name: 'o' }),
        404,
        'Could not find metadata object nope',
      );
      expectError(
        await md('POST', `/namespaces/${ns}/objects`, { name: 'o', schema: 'x' }),
        403,
        "Attribute 'schema' is read-only.",
      );
      expectError(
        await md('POST', `/namespaces/${ns}/objects`, {
          name: 'o',
          properties: { q: { title: 'Q' } },
        }),
        400,
        "Provided object does not match schema 'object': 'type' is a required property",
      );
      expectError(
        await md('POST', `/namespaces/${ns}/objects`, {
          name: 'o',
          properties: { p: { title: 'P', type: 'string', foo: 1 } },
        }),
        400,
        "Provided object does not match schema 'property': Additional properties are not allowed ('foo' was unexpected)",
      );
      expect(pluck((await md('GET', `/namespaces/${ns}/objects`)).body.objects, 'name')).toEqual([
        'sample-object',
      ]);
    });
  });

  describe('properties', () => {
    it('creates, shows, renames and deletes a property', async () => {
      const ns = await newNamespace();
      const created = await md('POST', `/namespaces/${ns}/properties`, {
        name: 'hypervisor_type',
        title: 'Hypervisor',
        type: 'string',
        enum: ['kvm', 'qemu'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        name: 'hypervisor_type',
        type: 'string',
        title: 'Hypervisor',
        enum: ['kvm', 'qemu'],
      });
      expect(Object.keys(created.body)).toEqual(['name', 'type', 'title', 'enum']);
      expectError(
        await md('POST', `/namespaces/${ns}/properties`, {
          name: 'hypervisor_type',
          title: 'A',
          type: 'boolean',
        }),
        409,
        `A metadata definition property with name=hypervisor_type already exists in namespace=${ns}.`,
      );
      const renamed = await md('PUT', `/namespaces/${ns}/properties/hypervisor_type`, {
        name: 'prop-b',
        title: 'B',
        type: 'integer',
        minimum: 1,
      });
      expect(renamed.body).toEqual({ name: 'prop-b', type: 'integer', title: 'B', minimum: 1 });
      const listed = await md('GET', `/namespaces/${ns}/properties`);
      expect(listed.body).toEqual({
        properties: { 'prop-b': { name: 'prop-b', type: 'integer', title: 'B', minimum: 1 } },
      });
      expectError(
        await md('GET', `/namespaces/${ns}/properties/hypervisor_type`),
        404,
        'Could not find property hypervisor_type',
      );
      expect((await md('DELETE', `/namespaces/${ns}/properties/prop-b`)).status).toBe(204);
      expectError(
        await md('DELETE', `/namespaces/${ns}/properties/prop-b`),
        404,
        'Could not find property prop-b',
      );
      expectError(
        await md('GET', '/namespaces/no-such-ns/properties'),
        404,
        'Namespace no-such-ns not found',
      );
    });

    it('keeps what Glance’s model keeps of a definition', async () => {
      const ns = await newNamespace();
      const items = await md('POST', `/namespaces/${ns}/properties`, {
        name: 'p3',
        title: 'P',
        type: 'array',
        items: { type: 'string', enum: ['a'] },
        uniqueItems: true,
      });
      expect(items.body).toEqual({
        name: 'p3',
        type: 'array',
        title: 'P',
        items: { type: 'string', enum: ['a'] },
        uniqueItems: true,
      });
      // Glance's model cuts minimum to an integer and keeps default as text.
      const cut = await md('POST', `/namespaces/${ns}/properties`, {
        name: 'p4',
        title: 'P',
        type: 'number',
        minimum: 1.5,
        default: 5,
      });
      expect(cut.body).toEqual({
        name: 'p4',
        type: 'number',
        title: 'P',
        default: '5',
        minimum: 1,
      });
      expectError(
        await md('POST', `/namespaces/${ns}/properties`, { name: 'x', title: 'X' }),
        400,
        "Provided object does not match schema 'property': 'type' is a required property",
      );
      // Where Glance answers 500, a 400 in its model's words.
      expectError(
        await md('POST', `/namespaces/${ns}/properties`, {
          name: 'p1',
          title: 'P',
          type: 'string',
          enum: [1, 2],
        }),
        400,
        "Invalid input for field/attribute enum. Value: '[1, 2]'. Wrong type. Expected '<class 'str'>', got '<class 'int'>'",
      );
      expectError(
        await md('POST', `/namespaces/${ns}/properties`, {
          name: 'p2',
          title: 'P',
          type: 'string',
          required: ['x'],
        }),
        400,
        'Unknown attribute for argument None: required',
      );
    });
  });

  describe('tags', () => {
    it('creates tags one by one or several at once, replacing unless appending', async () => {
      const ns = await newNamespace({ visibility: 'public' });
      const bulk = await md('POST', `/namespaces/${ns}/tags`, {
        tags: [{ name: 'sample-tag1' }, { name: 'sample-tag2' }],
      });
      expect({ status: bulk.status, body: bulk.body }).toEqual({
        status: 201,
        body: { tags: [{ name: 'sample-tag1' }, { name: 'sample-tag2' }] },
      });
      cloud.clock.advance(1000);
      const one = await md('POST', `/namespaces/${ns}/tags/sample-tag3`);
      expect(one.status).toBe(201);
      expect(Object.keys(one.body)).toEqual(['name', 'created_at', 'updated_at']);
      // Newest first; tag names are compared without regard to case.
      expect((await md('GET', `/namespaces/${ns}/tags`, undefined, token)).body.tags).toEqual([
        { name: 'sample-tag3' },
        { name: 'sample-tag2' },
        { name: 'sample-tag1' },
      ]);
      expectError(
        await md('POST', `/namespaces/${ns}/tags/SAMPLE-TAG3`),
        409,
        `A metadata tag with name=SAMPLE-TAG3 already exists in namespace=${ns}. (Please note that metadata tag names are case insensitive).`,
      );
      expect((await md('GET', `/namespaces/${ns}/tags/Sample-Tag3`)).body.name).toBe('sample-tag3');
      // A list naming one tag twice changes nothing.
      expectError(
        await md('POST', `/namespaces/${ns}/tags`, { tags: [{ name: 'dup' }, { name: 'dup' }] }),
        409,
        `A metadata tag with name=dup already exists in namespace=${ns}. (Please note that metadata tag names are case insensitive).`,
      );
      expect((await md('GET', `/namespaces/${ns}/tags`)).body.tags).toHaveLength(3);
      const appended = await md(
        'POST',
        `/namespaces/${ns}/tags`,
        { tags: [{ name: 'Tag-B' }] },
        admin,
        {
          'x-openstack-append': 'true',
        },
      );
      expect(appended.status).toBe(201);
      expect((await md('GET', `/namespaces/${ns}/tags`)).body.tags).toHaveLength(4);
      await md('POST', `/namespaces/${ns}/tags`, { tags: [{ name: 'Tag-C' }] });
      expect((await md('GET', `/namespaces/${ns}/tags`)).body.tags).toEqual([{ name: 'Tag-C' }]);
      const none = await md('POST', `/namespaces/${ns}/tags`, { tags: [] });
      expect({ status: none.status, body: none.body }).toEqual({ status: 201, body: { tags: [] } });
    });

    it('renames and deletes tags', async () => {
      const ns = await newNamespace();
      await md('POST', `/namespaces/${ns}/tags`, { tags: [{ name: 'Tag-C' }, { name: 'other' }] });
      cloud.clock.advance(2000);
      const renamed = await md('PUT', `/namespaces/${ns}/tags/Tag-C`, { name: 'tag-c' });
      expect(renamed.body).toEqual({
        name: 'tag-c',
        created_at: renamed.body.created_at,
        updated_at: renamed.body.created_at,
      });
      expectError(
        await md('PUT', `/namespaces/${ns}/tags/tag-c`, { name: 'OTHER' }),
        409,
        `A metadata tag with name=OTHER already exists in namespace=${ns}. (Please note that metadata tag names are case insensitive).`,
      );
      expect((await md('DELETE', `/namespaces/${ns}/tags/tag-c`)).status).toBe(204);
      expectError(
        await md('GET', `/namespaces/${ns}/tags/tag-c`),
        404,
        'Could not find metadata tag tag-c',
      );
      expectError(
        await md('DELETE', `/namespaces/${ns}/tags/nope`),
        404,
        'Could not find metadata tag nope',
      );
      expect((await md('DELETE', `/namespaces/${ns}/tags`)).status).toBe(204);
      expect((await md('GET', `/namespaces/${ns}/tags`)).body).toEqual({ tags: [] });
    });

    it('refuses a name too long, and an unknown namespace', async () => {
      const ns = await newNamespace();
      const long = 't'.repeat(81);
      expectError(
        await md('POST', `/namespaces/${ns}/tags/${long}`),
        400,
        `Provided object does not match schema 'tag': '${long}' is too long`,
      );
      expectError(
        await md('GET', '/namespaces/no-such-ns/tags'),
        404,
        'Namespace no-such-ns not found',
      );
      expectError(
        await md('GET', '/namespaces/no-such-ns/tags/x'),
        404,
        'Namespace no-such-ns not found',
      );
    });
  });
});
