import { startOpenStackCloud, type OpenStackCloud } from './support/openstack-cloud';
import { expectNovaFault, IMAGE_IDS, OpenStackHttp, pluck } from './support/openstack-http';

/**
 * Nova's image API (the proxy to Glance, below microversion 2.36) and its image metadata,
 * with the lab cloud's answers (Nova Zed; see also the samples 250–298 the conformance
 * suite replays). Snapshots take the transition latency (1 s) to upload.
 */
describe('OpenStack API: Nova images (below 2.36)', () => {
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
  const fault = expectNovaFault;
  /** An ACTIVE server of the demo project. */
  const active = async () => {
    const id = await os.createServer(token);
    cloud.clock.advance(1_000);
    return id;
  };
  /** A snapshot of the server at 2.1 (its id from the Location header), still uploading. */
  const snapshot = async (serverId: string, name = 'snap', metadata?: Record<string, string>) => {
    const res = await nova('POST', `/servers/${serverId}/action`, {
      createImage: { name, ...(metadata ? { metadata } : {}) },
    });
    expect(res.status).toBe(202);
    // Below 2.45 Nova answers an empty body labelled HTML, and the image only in Location.
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(res.text).toBe('');
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${cloud.baseUrl}/image/images/[0-9a-f-]{36}$`));
    return location.split('/').pop()!;
  };

  it('follows a snapshot from SAVING to ACTIVE, with its server and size', async () => {
    const serverId = await active();
    const id = await snapshot(serverId, 'followed', { kind: 'sample' });
    const saving = await nova('GET', `/images/${id}`);
    expect(saving.status).toBe(200);
    expect(saving.body.image).toMatchObject({
      id,
      name: 'followed',
      status: 'SAVING',
      progress: 25,
      'OS-EXT-IMG-SIZE:size': 0,
      minRam: 64,
      minDisk: 1,
      metadata: { kind: 'sample', image_type: 'snapshot', instance_uuid: serverId },
      server: {
        id: serverId,
        links: [
          { rel: 'self', href: `${cloud.baseUrl}/compute/v2.1/servers/${serverId}` },
          { rel: 'bookmark', href: `${cloud.baseUrl}/compute/servers/${serverId}` },
        ],
      },
      links: [
        { rel: 'self', href: `${cloud.baseUrl}/compute/v2.1/images/${id}` },
        { rel: 'bookmark', href: `${cloud.baseUrl}/compute/images/${id}` },
        {
          rel: 'alternate',
          type: 'application/vnd.openstack.image',
          href: `${cloud.baseUrl}/image/images/${id}`,
        },
      ],
    });
    cloud.clock.advance(1_000);
    const done = (await nova('GET', `/images/${id}`)).body.image;
    expect(done).toMatchObject({ status: 'ACTIVE', progress: 100 });
    expect(done['OS-EXT-IMG-SIZE:size']).toBeGreaterThan(0);
    expect(Object.keys(done)).toEqual([
      'id',
      'name',
      'minRam',
      'minDisk',
      'metadata',
      'created',
      'updated',
      'status',
      'progress',
      'OS-EXT-IMG-SIZE:size',
      'links',
      'server',
    ]);
  });

  it("lets the snapshot's metadata override Nova's own properties, as Nova does", async () => {
    const id = await snapshot(await active(), 'typed', { image_type: 'test' });
    expect((await nova('GET', `/images/${id}`)).body.image.metadata.image_type).toBe('test');
  });

  it('shows an image that is no snapshot without a server; 404s as Nova words them', async () => {
    const res = await nova('GET', `/images/${IMAGE_IDS.cirros}`);
    expect(res.body.image).toMatchObject({ status: 'ACTIVE', progress: 100, metadata: {} });
    expect(res.body.image).not.toHaveProperty('server');
    fault(
      await nova('GET', '/images/00000000-0000-0000-0000-000000000000'),
      404,
      'Image not found.',
    );
    // From 2.36 Nova has no image API at all.
    for (const path of ['/images', '/images/detail', `/images/${IMAGE_IDS.cirros}/metadata`]) {
      fault(await nova('GET', path, undefined, '2.36'), 404, 'The resource could not be found.');
    }
    expect((await nova('GET', `/images/${IMAGE_IDS.cirros}`, undefined, '2.35')).status).toBe(200);
  });

  it('lists with Nova filters, and pages with a next link', async () => {
    const first = await active();
    const second = await active();
    const a = await snapshot(first, 'filter-a');
    cloud.clock.advance(1_000);
    const b = await snapshot(second, 'filter-b');
    cloud.clock.advance(1_000);
    const ids = async (query: string, detail = false) =>
      pluck((await nova('GET', `/images${detail ? '/detail' : ''}?${query}`)).body.images, 'id');

    expect(await ids(`server=${first}`)).toEqual([a]);
    expect(await ids(`server=${cloud.baseUrl}/compute/servers/${second}`, true)).toEqual([b]);
    const snapshots = await ids('type=snapshot');
    expect(snapshots).toEqual(expect.arrayContaining([a, b]));
    expect(snapshots).not.toContain(IMAGE_IDS.cirros);
    expect(await ids('name=filter-a')).toEqual([a]);
    expect(await ids('status=ACTIVE')).toEqual(expect.arrayContaining([a, b, IMAGE_IDS.cirros]));
    expect(await ids('status=SAVING')).toEqual([]); // Glance's `saving`, lower-cased
    expect(await ids('status=queued')).toEqual([IMAGE_IDS.fedoraQueued]);
    expect(await ids(`minDisk=10`)).toEqual([IMAGE_IDS.ubuntu]);
    expect(await ids(`property-instance_uuid=${second}`)).toEqual([b]);
    const created = (await nova('GET', `/images/${b}`)).body.image.updated as string;
    expect(await ids(`changes-since=${created}&type=snapshot`)).toEqual([b]);
    fault(
      await nova('GET', '/images?changes-since=yesterday'),
      400,
      'HTTP 400 Bad Request: Bad &quot;updated_at&quot; query filter format. Use ISO 8601 DateTime notation.',
    );

    const page = await nova('GET', '/images?limit=1&type=snapshot');
    expect(page.body.images).toHaveLength(1);
    expect(Object.keys(page.body.images[0])).toEqual(['id', 'name', 'links']);
    expect(page.body.images_links).toEqual([
      {
        rel: 'next',
        href: `${cloud.baseUrl}/compute/v2.1/images?limit=1&type=snapshot&marker=${page.body.images[0].id}`,
      },
    ]);
    const next = await nova(
      'GET',
      `/images?limit=1&type=snapshot&marker=${page.body.images[0].id}`,
    );
    expect(next.body.images[0].id).not.toBe(page.body.images[0].id);
    expect((await nova('GET', '/images')).body).not.toHaveProperty('images_links');
    fault(await nova('GET', '/images?limit=-1'), 400, 'Invalid input received: limit must be >= 0');
  });

  it('deletes a snapshot, even one still uploading; not an image of the operator', async () => {
    const serverId = await active();
    const id = await snapshot(serverId, 'doomed');
    expect((await nova('GET', `/images/${id}`)).body.image.status).toBe('SAVING');
    const res = await nova('DELETE', `/images/${id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    fault(await nova('GET', `/images/${id}`), 404, 'Image not found.');
    fault(await nova('DELETE', `/images/${id}`), 404, 'Image not found.');
    // The server's snapshot task still ends, without the image.
    cloud.clock.advance(1_000);
    const server = (await nova('GET', `/servers/${serverId}`)).body.server;
    expect(server).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null });
    fault(
      await nova('DELETE', `/images/${IMAGE_IDS.cirros}`),
      403,
      'You are not allowed to delete the image.',
    );
    expect((await nova('GET', `/images/${IMAGE_IDS.cirros}`)).status).toBe(200);
  });

  it('refuses a second snapshot while the first is saving (409)', async () => {
    const serverId = await active();
    await snapshot(serverId, 'first');
    const res = await nova('POST', `/servers/${serverId}/action`, {
      createImage: { name: 'second' },
    });
    fault(
      res,
      409,
      `Cannot 'createImage' instance ${serverId} while it is in task_state image_snapshot`,
    );
  });

  it.each([
    [
      { '': '' },
      "Invalid input for field/attribute metadata. Value: {'': ''}. '' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'",
    ],
    [
      { ['a'.repeat(256)]: 'x' },
      `Invalid input for field/attribute metadata. Value: {'${'a'.repeat(256)}': 'x'}. '${'a'.repeat(256)}' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'`,
    ],
    [
      { key: 'v'.repeat(256) },
      `Invalid input for field/attribute key. Value: ${'v'.repeat(256)}. '${'v'.repeat(256)}' is too long`,
    ],
  ])(
    'refuses createImage metadata %#, as Nova does, and takes no snapshot',
    async (metadata, message) => {
      const serverId = await active();
      const res = await nova('POST', `/servers/${serverId}/action`, {
        createImage: { name: 'bad-meta', metadata },
      });
      fault(res, 400, message);
      expect(pluck((await nova('GET', `/images?server=${serverId}`)).body.images, 'id')).toEqual(
        [],
      );
    },
  );

  describe('image metadata', () => {
    let id: string;
    beforeAll(async () => {
      id = await snapshot(await active(), 'with-meta', { os_distro: 'cirros' });
      cloud.clock.advance(1_000);
    });
    const path = () => `/images/${id}/metadata`;

    it('reads, merges, replaces, sets and deletes properties', async () => {
      const all = await nova('GET', path());
      expect(all.status).toBe(200);
      expect(all.body.metadata).toMatchObject({ os_distro: 'cirros', image_type: 'snapshot' });
      expect((await nova('GET', `${path()}/os_distro`)).body).toEqual({
        meta: { os_distro: 'cirros' },
      });
      const merged = await nova('POST', path(), { metadata: { os_version: '1.0' } });
      expect(merged.status).toBe(200);
      expect(merged.body.metadata).toMatchObject({ os_distro: 'cirros', os_version: '1.0' });
      const replaced = await nova('PUT', path(), { metadata: { os_version: '2.0' } });
      expect(replaced.body).toEqual({ metadata: { os_version: '2.0' } });
      expect((await nova('GET', path())).body).toEqual({ metadata: { os_version: '2.0' } });
      const item = await nova('PUT', `${path()}/os_distro`, { meta: { os_distro: 'alpine' } });
      expect(item.body).toEqual({ meta: { os_distro: 'alpine' } });
      expect((await nova('GET', `/images/${id}`)).body.image.metadata).toEqual({
        os_version: '2.0',
        os_distro: 'alpine',
      });
      const gone = await nova('DELETE', `${path()}/os_version`);
      expect(gone.status).toBe(204);
      expect((await nova('GET', path())).body).toEqual({ metadata: { os_distro: 'alpine' } });
    });

    it('answers the 400s, 403s and 404s Nova does', async () => {
      fault(await nova('GET', `${path()}/nope`), 404, 'The resource could not be found.');
      fault(await nova('DELETE', `${path()}/nope`), 404, 'Invalid metadata key');
      fault(
        await nova('PUT', `${path()}/tier`, { meta: { other: 'x' } }),
        400,
        'Request body and URI mismatch',
      );
      const missing = '/images/00000000-0000-0000-0000-000000000000/metadata';
      fault(await nova('GET', missing), 404, 'Image not found.');
      fault(await nova('POST', missing, { metadata: { a: 'b' } }), 404, 'Image not found.');
      fault(
        await nova('POST', `/images/${IMAGE_IDS.cirros}/metadata`, { metadata: { a: 'b' } }),
        403,
        `Not authorized for image ${IMAGE_IDS.cirros}.`,
      );
      const many = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v']));
      fault(await nova('PUT', path(), { metadata: many }), 403, 'Image metadata limit exceeded');
      expect((await nova('GET', path())).body.metadata).not.toHaveProperty('k0');
    });
  });
});
