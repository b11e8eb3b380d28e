import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { IMAGE_IDS, OpenStackHttp } from './support/openstack-http';

const MISSING = '00000000-0000-0000-0000-000000000000';

/** Glance's 404 page, byte for byte as the lab cloud answers it (sample 16). */
const notFoundPage = (id: string) =>
  `<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n` +
  `  No image found with ID ${id}<br /><br />\n\n\n\n </body>\n</html>`;

describe('OpenStack API: Glance v2', () => {
  let cloud: OpenStackCloud;
  let os: OpenStackHttp;
  let token: string;
  let snapshotId: string;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    os = new OpenStackHttp(cloud);
    token = await os.token();
    cloud.clock.advance(1000);
    const server = await os.createServer(token);
    const res = await os.nova('POST', `/servers/${server}/action`, {
      token,
      microversion: '2.93',
      body: { createImage: { name: 'my-snap', metadata: { purpose: 'backup' } } },
    });
    snapshotId = res.body.image_id as string;
  });
  afterAll(() => cloud.close());

  const images = async (query = '') => {
    const res = await os.glance('GET', `/v2/images${query}`, { token });
    expect(res.status).toBe(200);
    return res.body as { images: Record<string, unknown>[]; next?: string; first: string };
  };
  const names = (body: { images: Record<string, unknown>[] }) => body.images.map((i) => i.name);

  it('answers version discovery with 300 Multiple Choices (and /versions with 200)', async () => {
    const root = await os.call('GET', '/image/');
    expect(root.status).toBe(300);
    expect(root.body.versions[0]).toEqual({
      id: 'v2.16',
      status: 'CURRENT',
      links: [{ rel: 'self', href: `${cloud.baseUrl}/image/v2/` }],
    });
    expect((await os.call('GET', '/image/versions')).status).toBe(200);
  });

  it('lists what the project sees, newest first, with Glance’s envelope', async () => {
    const res = await os.glance('GET', '/v2/images', { token });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-/);
    expect(res.body.first).toBe('/v2/images');
    expect(res.body.schema).toBe('/v2/schemas/images');
    expect(res.body.next).toBeUndefined();
    expect(res.body.images[0].name).toBe('my-snap');
    expect(res.body.images).toHaveLength(5);
  });

  it('answers /v2/images/ (an empty id) 404 with its HTML page, as Glance does, not the list', async () => {
    const res = await os.glance('GET', '/v2/images/', { token });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(res.text).toContain('The resource could not be found.');
  });

  it('pages with limit and marker, and a next link relative to the endpoint', async () => {
    const first = await images('?limit=2');
    expect(first.images).toHaveLength(2);
    expect(first.next).toBe(`/v2/images?limit=2&marker=${first.images[1].id as string}`);
    const second = await images(first.next!.replace('/v2/images', ''));
    const third = await images(second.next!.replace('/v2/images', ''));
    expect(third.images).toHaveLength(1);
    expect(third.next).toBeUndefined();
    const all = [...first.images, ...second.images, ...third.images].map((i) => i.id);
    expect(new Set(all).size).toBe(5);
    const bad = await os.glance('GET', `/v2/images?marker=${MISSING}`, { token });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('text/html; charset=UTF-8');
  });

  it('filters by name, status, visibility and properties, and sorts', async () => {
    expect(names(await images('?name=cirros-0.6.2'))).toEqual(['cirros-0.6.2']);
    expect(names(await images('?status=queued'))).toEqual(['fedora-41-queued']);
    expect(names(await images('?visibility=private'))).toEqual(['my-snap']);
    expect(names(await images('?image_type=snapshot'))).toEqual(['my-snap']);
    expect(names(await images('?os_hidden=true'))).toEqual([]);
    expect(names(await images('?sort_key=name&sort_dir=asc'))).toEqual([
      'cirros-0.6.2',
      'fedora-41-queued',
      'my-snap',
      'ubuntu-24.04',
      'windows-server-2022',
    ]);
    for (const query of ['?visibility=secret', '?limit=x', '?sort_dir=up', '?sort_key=colour']) {
      expect((await os.glance('GET', `/v2/images${query}`, { token })).status).toBe(400);
    }
  });

  it('compares created_at and updated_at with Glance’s operators, to the second', async () => {
    const seeded = ['ubuntu-24.04', 'windows-server-2022', 'fedora-41-queued', 'cirros-0.6.2'];
    // The seeded images are from 2026-01-01T00:00:00Z, the snapshot from a second after 2030.
    expect(names(await images('?created_at=lte:2026-01-01T00:00:00Z')).sort()).toEqual(
      [...seeded].sort(),
    );
    expect(names(await images('?created_at=gt:2026-01-01T00:00:00Z'))).toEqual(['my-snap']);
    expect(names(await images('?created_at=2030-01-01T00:00:01Z'))).toEqual(['my-snap']);
    expect(names(await images('?created_at=lt:2030-01-01T00:00:01Z')).sort()).toEqual(
      [...seeded].sort(),
    );
    expect(
      names(
        await images('?updated_at=gte:2030-01-01T00:00:00Z&created_at=lte:2031-01-01T00:00:00Z'),
      ),
    ).toEqual(['my-snap']);
    for (const bad of ['around:2030-01-01T00:00:00Z', 'lte:yesterday']) {
      const res = await os.glance('GET', `/v2/images?created_at=${bad}`, { token });
      expect(res.status).toBe(400);
    }
  });

  it('shows an image with Glance’s schema fields', async () => {
    const res = await os.glance('GET', `/v2/images/${IMAGE_IDS.cirros}`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: IMAGE_IDS.cirros,
      name: 'cirros-0.6.2',
      status: 'active',
      visibility: 'public',
      owner: 'admin',
      protected: false,
      os_hidden: false,
      min_disk: 1,
      min_ram: 64,
      size: 21430272,
      virtual_size: 1073741824,
      disk_format: 'qcow2',
      container_format: 'bare',
      checksum: expect.stringMatching(/^[0-9a-f]{32}$/),
      os_hash_algo: 'sha512',
      os_hash_value: expect.stringMatching(/^[0-9a-f]{128}$/),
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      tags: [],
      self: `/v2/images/${IMAGE_IDS.cirros}`,
      file: `/v2/images/${IMAGE_IDS.cirros}/file`,
      schema: '/v2/schemas/image',
      stores: 'fs',
    });
  });

  it('shows a snapshot with its properties, and an image without data without size or checksum', async () => {
    const snap = await os.glance('GET', `/v2/images/${snapshotId}`, { token });
    expect(snap.body).toMatchObject({
      name: 'my-snap',
      visibility: 'private',
      owner: 'demo',
      image_type: 'snapshot',
      purpose: 'backup',
      status: 'active',
    });
    const queued = await os.glance('GET', `/v2/images/${IMAGE_IDS.fedoraQueued}`, { token });
    expect(queued.body).toMatchObject({ status: 'queued', size: null, checksum: null });
    expect(queued.body).not.toHaveProperty('stores');
  });

  it('answers an unknown or invisible image with Glance’s HTML 404', async () => {
    const res = await os.glance('GET', `/v2/images/${MISSING}`, { token });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(res.text).toBe(notFoundPage(MISSING));
    const other = await os.token(await cloud.mintKey('other'), 'other');
    const hidden = await os.glance('GET', `/v2/images/${snapshotId}`, { token: other });
    expect(hidden.text).toBe(notFoundPage(snapshotId));
    expect(names((await os.glance('GET', '/v2/images', { token: other })).body)).not.toContain(
      'my-snap',
    );
    // A cloud admin sees every image, as in Glance.
    const admin = await os.token(cloud.adminKey, 'admin');
    expect((await os.glance('GET', `/v2/images/${snapshotId}`, { token: admin })).status).toBe(200);
  });

  it('needs a token', async () => {
    const res = await os.glance('GET', '/v2/images');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe(401);
  });
});
