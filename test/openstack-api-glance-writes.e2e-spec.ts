import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { IMAGE_IDS, OpenStackHttp, type OsResponse } from './support/openstack-http';

const MISSING = '00000000-0000-0000-0000-000000000000';
const JSON_ACCEPT = { accept: 'application/json' };
const PATCH_21 = 'application/openstack-images-v2.1-json-patch';
const PATCH_20 = 'application/openstack-images-v2.0-json-patch';
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('hex');

/** A JSON error page's message, as webob writes it for `Accept: application/json`. */
const page = (explanation: string) => `${explanation}<br /><br />\n\n\n`;

describe('OpenStack API: Glance v2 image writes', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;

  /** A request with a raw body (bytes or text) and headers of the caller's choosing. */
  const raw = async (
    method: string,
    path: string,
    req: { body?: Buffer | string; headers?: Record<string, string>; as?: string } = {},
  ): Promise<OsResponse & { bytes: Buffer }> => {
    const res = await fetch(`${cloud.baseUrl}/image${path}`, {
      method,
      headers: { 'x-auth-token': req.as ?? token, ...req.headers },
      body: req.body,
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, text, body, bytes };
  };
  const create = async (body: Record<string, unknown> = {}, as = token) => {
    const res = await os.glance('POST', '/v2/images', { token: as, body, headers: JSON_ACCEPT });
    expect(res.status).toBe(201);
    return res.body as Record<string, unknown> & { id: string };
  };
  const upload = (id: string, data: Buffer | string, type = 'application/octet-stream') =>
    raw('PUT', `/v2/images/${id}/file`, { body: data, headers: { 'content-type': type } });
  const show = async (id: string) =>
    (await os.glance('GET', `/v2/images/${id}`, { token })).body as Record<string, unknown>;
  const patch = (id: string, changes: unknown, type = PATCH_21) =>
    raw('PATCH', `/v2/images/${id}`, {
      body: JSON.stringify(changes),
      headers: { 'content-type': type, ...JSON_ACCEPT },
    });

  beforeAll(async () => {
    cloud = await startOpenStackCloud({ IMAGE_UPLOAD_MAX_BYTES: String(3 * 1024 * 1024) });
    os = new OpenStackHttp(cloud);
    token = await os.token();
  });
  afterAll(() => cloud.close());

  it('registers an image queued, shared by default, with Location and Glance’s import headers', async () => {
    const res = await os.glance('POST', '/v2/images', {
      token,
      body: { name: 'reg', container_format: 'bare', disk_format: 'raw', ramdisk_id: MISSING },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${cloud.baseUrl}/image/v2/images/${res.body.id}`);
    expect(res.headers.get('openstack-image-import-methods')).toBe(
      'glance-direct,web-download,copy-image',
    );
    expect(res.headers.get('openstack-image-store-ids')).toBe('fs');
    expect(res.body).toEqual({
      ramdisk_id: MISSING,
      name: 'reg',
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'shared',
      size: null,
      virtual_size: null,
      status: 'queued',
      checksum: null,
      protected: false,
      min_ram: 0,
      min_disk: 0,
      owner: 'demo',
      os_hidden: false,
      os_hash_algo: null,
      os_hash_value: null,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      created_at: '2030-01-01T00:00:00Z',
      updated_at: '2030-01-01T00:00:00Z',
      tags: [],
      self: `/v2/images/${res.body.id}`,
      file: `/v2/images/${res.body.id}/file`,
      schema: '/v2/schemas/image',
    });
    const empty = await create();
    expect(empty).toMatchObject({ name: null, disk_format: null, container_format: null });
  });

  it('takes a chosen id once (409 after), and refuses what Glance refuses', async () => {
    const id = '0f0e0d0c-1111-2222-3333-444455556666';
    expect((await create({ id })).id).toBe(id);
    const again = await os.glance('POST', '/v2/images', {
      token,
      body: { id },
      headers: JSON_ACCEPT,
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(page(`Image ID ${id} already exists!`));
    const cases: [Record<string, unknown>, number, string][] = [
      [{ status: 'active' }, 403, page("Attribute 'status' is read-only.")],
      [{ locations: [] }, 403, page("Attribute 'locations' is reserved.")],
      [
        { os_glance_foo: 'bar' },
        403,
        "Access was denied to this resource.<br /><br />\nAttribute 'os_glance_foo' is reserved.\n\n",
      ],
      [
        { min_ram: -1 },
        400,
        page("Invalid value '-1' for parameter 'min_ram': Cannot be a negative value"),
      ],
      [
        { owner: 'someone-else' },
        403,
        page("You are not permitted to create images owned by 'someone-else'."),
      ],
      [
        { visibility: 'public' },
        403,
        page('You are not authorized to complete publicize_image action.'),
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await os.glance('POST', '/v2/images', { token, body, headers: JSON_ACCEPT });
      expect({ body, status: res.status, message: res.body.message }).toEqual({
        body,
        status,
        message,
      });
    }
  });

  it('answers schema errors with jsonschema’s message, as Glance does', async () => {
    const res = await os.glance('POST', '/v2/images', {
      token,
      body: { name: 'test', container_format: 'bare', disk_format: 'wrong' },
      headers: JSON_ACCEPT,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: '400 Bad Request',
      title: 'Bad Request',
      message: page(
        "Provided object does not match schema 'image': 'wrong' is not one of [None, 'ami', " +
          "'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop']\n\n" +
          "Failed validating 'enum' in schema['properties']['disk_format']:\n" +
          "    {'description': 'Format of the disk',\n" +
          "     'enum': [None,\n              'ami',\n              'ari',\n              'aki',\n" +
          "              'vhd',\n              'vhdx',\n              'vmdk',\n              'raw',\n" +
          "              'qcow2',\n              'vdi',\n              'iso',\n              'ploop'],\n" +
          "     'type': ['null', 'string']}\n\nOn instance['disk_format']:\n    'wrong'",
      ),
    });
    const extra = await os.glance('POST', '/v2/images', {
      token,
      body: { foo: 5 },
      headers: JSON_ACCEPT,
    });
    expect(extra.body.message).toBe(
      page(
        "Provided object does not match schema 'image': 5 is not of type 'string'\n\n" +
          "Failed validating 'type' in schema['additionalProperties']:\n    {'type': 'string'}\n\n" +
          "On instance['foo']:\n    5",
      ),
    );
  });

  it('writes its error pages as webob does for each Accept: HTML, JSON or plain text', async () => {
    const body = JSON.stringify({ os_glance_foo: 'bar' });
    const ask = (accept: string | null) =>
      raw('POST', '/v2/images', {
        body,
        headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
      });
    const html = await ask('*/*');
    expect(html.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(html.text).toBe(
      '<html>\n <head>\n  <title>403 Forbidden</title>\n </head>\n <body>\n  <h1>403 Forbidden</h1>\n' +
        '  Access was denied to this resource.<br /><br />\nAttribute &#x27;os_glance_foo&#x27; is reserved.\n\n\n' +
        ' </body>\n</html>',
    );
    const json = await ask('text/html;q=0.5, application/json');
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(json.body.code).toBe('403 Forbidden');
    const plain = await ask('text/plain');
    expect(plain.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(plain.text).toBe(
      "403 Forbidden\n\nAccess was denied to this resource.\n\n Attribute 'os_glance_foo' is reserved.  ",
    );
  });

  it('takes data once: queued → active with size, md5, sha512 and virtual size, and streams it back', async () => {
    const image = await create({ container_format: 'bare', disk_format: 'raw' });
    const none = await raw('GET', `/v2/images/${image.id}/file`);
    expect(none.status).toBe(204);
    expect(none.bytes).toHaveLength(0);
    const data = randomBytes(2 * 1024 * 1024 + 17);
    const put = await upload(image.id, data);
    expect(put.status).toBe(204);
    expect(put.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await show(image.id)).toMatchObject({
      status: 'active',
      size: data.length,
      virtual_size: data.length,
      checksum: md5(data),
      os_hash_algo: 'sha512',
      os_hash_value: sha512(data),
      stores: 'fs',
    });
    const got = await raw('GET', `/v2/images/${image.id}/file`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(got.headers.get('content-md5')).toBe(md5(data));
    expect(got.headers.get('content-length')).toBe(String(data.length));
    expect(got.bytes.equals(data)).toBe(true);
    const again = await upload(image.id, 'more');
    expect(again.status).toBe(409);
    expect(again.text).toContain('Image status transition from active to saving is not allowed');
  });

  it('takes data as application/octet-stream only, and from images with both formats', async () => {
    const image = await create({ container_format: 'bare', disk_format: 'raw' });
    const json = await upload(image.id, 'hello', 'application/json');
    expect(json.status).toBe(415);
    expect(json.text).toContain(
      'The request media type application/json is not supported by this server.\n<br /><br />',
    );
    const formatless = await create({ container_format: 'bare' });
    const refused = await upload(formatless.id, 'hello');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Property disk_format must be set prior to saving data.');
    expect((await show(formatless.id)).status).toBe('queued');
  });

  it('refuses data over IMAGE_UPLOAD_MAX_BYTES with 413, leaving the image queued', async () => {
    const image = await create({ container_format: 'bare', disk_format: 'raw' });
    const big = await upload(image.id, randomBytes(3 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.text).toContain('The incoming image is too large');
    expect(await show(image.id)).toMatchObject({ status: 'queued', size: null });
    // Streamed without a length: cut off as it passes the limit.
    const chunked = await fetch(`${cloud.baseUrl}/image/v2/images/${image.id}/file`, {
      method: 'PUT',
      headers: { 'x-auth-token': token, 'content-type': 'application/octet-stream' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(randomBytes(1024 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
    expect((await show(image.id)).status).toBe('queued');
    expect((await upload(image.id, 'fits')).status).toBe(204);
  });

  it('puts an image back to queued when its upload is cut off', async () => {
    const image = await create({ container_format: 'bare', disk_format: 'raw' });
    const url = new URL(cloud.baseUrl);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `PUT /image/v2/images/${image.id}/file HTTP/1.1\r\nHost: ${url.host}\r\n` +
        `X-Auth-Token: ${token}\r\nContent-Type: application/octet-stream\r\n` +
        `Content-Length: 1000000\r\n\r\n`,
    );
    socket.write(randomBytes(200_000));
    for (let i = 0; i < 50 && (await show(image.id)).status !== 'saving'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await show(image.id)).status).toBe('saving');
    socket.destroy();
    let status = 'saving';
    for (let i = 0; i < 50 && status === 'saving'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await show(image.id)).status as string;
    }
    expect(status).toBe('queued');
    expect((await raw('GET', `/v2/images/${image.id}/file`)).status).toBe(204);
  });

  it('updates with JSON patch (2.1 and 2.0 forms) and Glance’s refusals', async () => {
    const image = await create({
      name: 'p',
      container_format: 'bare',
      disk_format: 'raw',
      foo: 'bar',
    });
    const ok = await patch(image.id, [
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'add', path: '/hello', value: 'world' },
      { op: 'remove', path: '/foo' },
      { op: 'replace', path: '/tags', value: ['a', 'b', 'a'] },
      { op: 'add', path: '/min_ram', value: 513 },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      name: 'renamed',
      hello: 'world',
      tags: ['a', 'b'],
      min_ram: 513,
    });
    expect(ok.body).not.toHaveProperty('foo');
    expect((await patch(image.id, [{ replace: '/name', value: 'v20' }], PATCH_20)).body.name).toBe(
      'v20',
    );
    const wrongType = await patch(image.id, [], 'application/json');
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get('accept-patch')).toBe(
      'application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch',
    );
    const refusals: [unknown, number, string][] = [
      [{ op: 'replace' }, 400, page('Request body must be a JSON array of operation objects.')],
      [
        [{ op: 'move', path: '/name' }],
        400,
        page('Invalid operation: `move`. It must be one of the following: add, remove, replace.'),
      ],
      [
        [{ op: 'replace', path: '/a/b', value: 'x' }],
        400,
        page("Invalid JSON pointer for this resource: '/a/b'"),
      ],
      [
        [{ op: 'replace', path: '/status', value: 'active' }],
        403,
        page("Attribute 'status' is read-only."),
      ],
      [
        [{ op: 'add', path: '/os_glance_x', value: 'y' }],
        403,
        page("Attribute 'os_glance_x' is reserved."),
      ],
      [
        [{ op: 'remove', path: '/name' }],
        403,
        'Access was denied to this resource.<br /><br />\nProperty name may not be removed.\n\n',
      ],
      [
        [{ op: 'remove', path: '/nope' }],
        409,
        'There was a conflict when trying to complete your request.<br /><br />\nProperty nope does not exist.\n\n',
      ],
      [
        [{ op: 'replace', path: '/owner', value: 'x' }],
        403,
        "Access was denied to this resource.<br /><br />\nOwner can't be updated by non admin.\n\n",
      ],
    ];
    for (const [changes, status, message] of refusals) {
      const res = await patch(image.id, changes);
      expect({ changes, status: res.status, message: res.body?.message }).toEqual({
        changes,
        status,
        message,
      });
    }
    const other = await patch(IMAGE_IDS.cirros, [{ op: 'replace', path: '/name', value: 'x' }]);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe(page('You do not own this image'));
  });

  it('deactivates (no download but for admins) and reactivates an image', async () => {
    const image = await create({ container_format: 'bare', disk_format: 'raw' });
    const queued = await raw('POST', `/v2/images/${image.id}/actions/deactivate`);
    expect(queued.status).toBe(403);
    await upload(image.id, 'some data');
    expect((await raw('POST', `/v2/images/${image.id}/actions/deactivate`)).status).toBe(204);
    expect((await show(image.id)).status).toBe('deactivated');
    const refused = await raw('GET', `/v2/images/${image.id}/file`, { headers: JSON_ACCEPT });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      page('The requested image has been deactivated. Image data download is forbidden.'),
    );
    const admin = await os.token(cloud.adminKey, 'admin');
    expect((await raw('GET', `/v2/images/${image.id}/file`, { as: admin })).text).toBe('some data');
    expect((await raw('POST', `/v2/images/${image.id}/actions/reactivate`)).status).toBe(204);
    expect((await raw('GET', `/v2/images/${image.id}/file`)).text).toBe('some data');
  });

  it('deletes (never a protected image), then answers 404 to it', async () => {
    const image = await create({ protected: true });
    const refused = await raw('DELETE', `/v2/images/${image.id}`, { headers: JSON_ACCEPT });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      page(`Image ${image.id} is protected and cannot be deleted.`),
    );
    await patch(image.id, [{ op: 'replace', path: '/protected', value: false }]);
    const done = await raw('DELETE', `/v2/images/${image.id}`);
    expect(done.status).toBe(204);
    expect(done.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect((await raw('GET', `/v2/images/${image.id}`)).status).toBe(404);
    const again = await raw('DELETE', `/v2/images/${image.id}`, { headers: JSON_ACCEPT });
    expect(again.status).toBe(404);
    expect(again.body.message).toBe(page(`Failed to find image ${image.id} to delete`));
    expect((await raw('DELETE', `/v2/images/${IMAGE_IDS.cirros}`)).status).toBe(403);
  });

  it('adds and removes tags', async () => {
    const image = await create();
    expect((await raw('PUT', `/v2/images/${image.id}/tags/blue`)).status).toBe(204);
    expect((await raw('PUT', `/v2/images/${image.id}/tags/blue`)).status).toBe(204);
    expect((await show(image.id)).tags).toEqual(['blue']);
    expect((await raw('DELETE', `/v2/images/${image.id}/tags/red`)).status).toBe(404);
    expect((await raw('DELETE', `/v2/images/${image.id}/tags/blue`)).status).toBe(204);
    expect((await show(image.id)).tags).toEqual([]);
    const missing = await raw('PUT', `/v2/images/${MISSING}/tags/blue`, { headers: JSON_ACCEPT });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe(page(`Image ${MISSING} not found.`));
  });

  it('lists by tag, size range, hidden flag, and sorts by size either syntax', async () => {
    const tag = `t-${randomBytes(4).toString('hex')}`;
    const sizes = [1500, 2500, 3500];
    const ids: string[] = [];
    for (const size of sizes) {
      const image = await create({ container_format: 'bare', disk_format: 'raw', tags: [tag] });
      await upload(image.id, randomBytes(size));
      ids.push(image.id);
    }
    const hidden = await create({ tags: [tag], os_hidden: true });
    const list = async (query: string) => {
      const res = await os.glance('GET', `/v2/images?${query}`, { token });
      expect(res.status).toBe(200);
      return (res.body.images as { id: string; size: number }[]).map((i) => i.id);
    };
    expect((await list(`tag=${tag}`)).sort()).toEqual([...ids].sort());
    expect(await list(`tag=${tag}&os_hidden=true`)).toEqual([hidden.id]);
    // As Glance reads it: any case for os_hidden (the CLI sends `True`), lower case for protected.
    expect(await list(`tag=${tag}&os_hidden=True`)).toEqual([hidden.id]);
    expect(await list(`tag=${tag}&size_min=2000&size_max=3000`)).toEqual([ids[1]]);
    expect(await list(`tag=${tag}&sort=size:desc`)).toEqual([...ids].reverse());
    expect(await list(`tag=${tag}&sort_key=size&sort_dir=asc`)).toEqual(ids);
    for (const [query, message] of [
      ['size_min=abc', 'Unable to filter on a range with a non-numeric value.'],
      ['sort=size:desc&sort_key=name', 'Old and new sorting syntax cannot be combined'],
      [
        'protected=True',
        "Invalid value 'True' for 'protected' filter. Valid values are 'true' or 'false'.",
      ],
    ]) {
      const res = await os.glance('GET', `/v2/images?${query}`, { token, headers: JSON_ACCEPT });
      expect({ query, status: res.status, message: res.body.message }).toEqual({
        query,
        status: 400,
        message: page(message),
      });
    }
  });

  it('serves the image schemas and the import and store info', async () => {
    const image = await os.glance('GET', '/v2/schemas/image', { token });
    expect(image.body.name).toBe('image');
    expect(Object.keys(image.body.properties)).toContain('os_hash_value');
    const images = await os.glance('GET', '/v2/schemas/images', { token });
    expect(images.body.name).toBe('images');
    expect(images.body.properties.images.items).toEqual(image.body);
    expect((await os.glance('GET', '/v2/info/import', { token })).body).toEqual({
      'import-methods': {
        description: 'Import methods available.',
        type: 'array',
        value: ['glance-direct', 'web-download', 'copy-image'],
      },
    });
    expect((await os.glance('GET', '/v2/info/stores', { token })).body).toEqual({
      stores: [{ id: 'fs', default: 'true' }],
    });
  });

  it('stages data and imports it with glance-direct, recording the call’s request id in the task', async () => {
    const image = await create({ container_format: 'bare', disk_format: 'raw' });
    const staged = await raw('PUT', `/v2/images/${image.id}/stage`, {
      body: 'staged data',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(staged.status).toBe(204);
    expect(await show(image.id)).toMatchObject({ status: 'uploading', size: 11, checksum: null });
    const imported = await os.glance('POST', `/v2/images/${image.id}/import`, {
      token,
      body: { method: { name: 'glance-direct' } },
    });
    expect(imported.status).toBe(202);
    expect(await show(image.id)).toMatchObject({
      status: 'active',
      checksum: md5(Buffer.from('staged data')),
      os_glance_importing_to_stores: '',
      os_glance_failed_import: '',
      stores: 'fs',
    });
    const tasks = await os.glance('GET', `/v2/images/${image.id}/tasks`, { token });
    expect(tasks.body.tasks).toEqual([
      expect.objectContaining({
        type: 'api_image_import',
        status: 'success',
        image_id: image.id,
        request_id: imported.headers.get('x-openstack-request-id'),
        input: {
          image_id: image.id,
          import_req: { method: { name: 'glance-direct' } },
          backend: ['fs'],
        },
        result: { image_id: image.id },
        message: 'Copied 0 MiB',
      }),
    ]);
    const web = await os.glance('POST', `/v2/images/${(await create()).id}/import`, {
      token,
      body: { method: { name: 'web-download', uri: 'http://example.com/x' } },
      headers: JSON_ACCEPT,
    });
    expect(web.status).toBe(400);
    expect(web.body.message).toBe(
      page('URI for web-download does not pass filtering: http://example.com/x'),
    );
  });

  it('lets Nova refuse a boot on a flavor with less memory than the image asks for', async () => {
    const image = await create({ container_format: 'bare', disk_format: 'raw', min_ram: 513 });
    await upload(image.id, randomBytes(1024));
    const res = await os.nova('POST', '/servers', {
      token,
      body: { server: { name: 'low-ram', imageRef: image.id, flavorRef: '1' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe("Flavor's memory is too small for requested image.");
  });
});
