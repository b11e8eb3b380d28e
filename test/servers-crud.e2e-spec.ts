import { OpenStackClient } from '../src/compute/openstack-client';
import { INVENTORY_TAG } from '../src/servers/server-sync';
import { Api, expectFieldError, expectProblem, IMAGES, type ServerBody } from './support/api';
import { cloudServerOf } from './support/cloud-view';
import { createTestApp, REAL_CLIENT, type TestApp } from './support/test-app';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('servers: create, read, update, list', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp();
    admin = new Api(t);
  });
  afterAll(() => t.close());

  describe('POST /servers', () => {
    it('answers 202 with the server and a Location that reads it back', async () => {
      const api = await admin.as('crud-create');
      expect((await api.post('/keypairs', { name: 'ops-key' })).status).toBe(201);
      const res = await api.post('/servers', {
        name: 'web 1.prod_a-b',
        imageId: IMAGES.ubuntu,
        flavorId: '2',
        metadata: { role: 'web', team: 'blue' },
        keyName: 'ops-key',
        userData: Buffer.from('#cloud-config\npackages: [nginx]\n').toString('base64'),
      });
      expect(res.status).toBe(202);
      const server = res.body as ServerBody;
      expect(Object.keys(server).sort()).toEqual(
        [
          'id',
          'name',
          'projectId',
          'status',
          'taskState',
          'flavorId',
          'imageId',
          'metadata',
          'fault',
          'tags',
          'locked',
          'keyName',
          'accessIPv4',
          'accessIPv6',
          'createdAt',
          'updatedAt',
          'launchedAt',
          'addresses',
        ].sort(),
      );
      // As the cloud accepted it; the simulator at latency 0 has even built it already.
      expect(server).toMatchObject({
        name: 'web 1.prod_a-b',
        projectId: 'crud-create',
        status: expect.stringMatching(/^(BUILD|ACTIVE)$/),
        flavorId: '2',
        imageId: IMAGES.ubuntu,
        // Only the user's metadata: nothing the service adds for itself.
        metadata: { role: 'web', team: 'blue' },
        fault: null,
        keyName: 'ops-key',
        tags: [],
        createdAt: '2030-01-01T00:00:00.000Z',
      });
      expect(server.id).toMatch(UUID);
      expect(server.updatedAt).toMatch(ISO);
      expect(res.headers.location).toBe(`/api/v1/servers/${server.id}`);

      const read = await api.get(res.headers.location.replace('/api/v1', ''));
      expect(read.status).toBe(200);
      const same = [
        'id',
        'name',
        'projectId',
        'flavorId',
        'imageId',
        'metadata',
        'keyName',
      ] as const;
      for (const field of same) expect((read.body as ServerBody)[field]).toEqual(server[field]);
      expect(read.body).toMatchObject({
        status: 'ACTIVE',
        taskState: null,
        createdAt: server.createdAt,
      });
      expect((read.body as ServerBody).launchedAt).toMatch(ISO);
      const [create] = await api.history(server.id);
      expect(create).toMatchObject({
        action: 'create',
        status: 'succeeded',
        projectId: 'crud-create',
      });
      expect(create.requestId).toBe(res.headers['x-request-id']);
    });

    it('accepts the boundaries: 255-character names, keys and values; 128 pairs', async () => {
      const metadata = Object.fromEntries(
        Array.from({ length: 128 }, (_, i) => [`k${i}`, 'v'.repeat(255)]),
      );
      metadata['k'.repeat(255)] = 'long key';
      delete metadata.k0;
      if (REAL_CLIENT) {
        // A real cloud counts the service's two tags against Nova's default quota of 128
        // metadata items: 128 user pairs are refused as a quota problem, 126 fit.
        const refused = await admin.post('/servers', {
          name: 'quota',
          imageId: IMAGES.cirros,
          flavorId: '1',
          metadata,
        });
        expectProblem(refused, 409, 'QUOTA_EXCEEDED');
        delete metadata.k1;
        delete metadata.k2;
      }
      const server = await admin.createServer({ name: 'n'.repeat(255), metadata });
      expect(server.name).toHaveLength(255);
      expect(server.metadata).toEqual(metadata);
    });

    it('keeps metadata keys named like Object.prototype members, on create and PATCH', async () => {
      const metadata = { toString: 'a', valueOf: 'b', hasOwnProperty: 'c', plain: 'd' };
      const server = await admin.createServer({ metadata });
      expect(server.metadata).toEqual(metadata);
      const patched = await admin.patch(`/servers/${server.id}`, {
        metadata: { isPrototypeOf: 'e' },
      });
      expect(patched.body).toMatchObject({ metadata: { isPrototypeOf: 'e' } });
      expect((await admin.server(server.id)).metadata).toEqual({ isPrototypeOf: 'e' });
    });

    it('accepts a flavor exactly as large as the image needs', async () => {
      // windows-server-2022 needs 40 GB / 4096 MB; m1.medium has exactly that.
      const server = await admin.createServer({ imageId: IMAGES.windows, flavorId: '3' });
      expect((await admin.server(server.id)).status).toBe('ACTIVE');
    });
  });

  describe('GET /servers/{id} and PATCH', () => {
    let server: ServerBody;
    beforeAll(async () => {
      server = await admin.createServer({ name: 'patch-me', metadata: { a: '1', b: '2' } });
    });

    it('sends an ETag that changes when the server does', async () => {
      const first = await admin.get(`/servers/${server.id}`);
      expect(first.headers.etag).toMatch(/^"[^"]+"$/);
      const again = await admin.get(`/servers/${server.id}`);
      expect(again.headers.etag).toBe(first.headers.etag);

      expect((await admin.action(server.id, 'reboot', { type: 'HARD' })).status).toBe(202);
      const after = await admin.get(`/servers/${server.id}`);
      expect(after.headers.etag).not.toBe(first.headers.etag);
    });

    it('renames and replaces the whole metadata map; GET shows it', async () => {
      const renamed = await admin.patch(`/servers/${server.id}`, { name: 'patched' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'patched', metadata: { a: '1', b: '2' } });
      expect(renamed.headers.etag).toBeDefined();

      const replaced = await admin.patch(`/servers/${server.id}`, { metadata: { c: '3' } });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ name: 'patched', metadata: { c: '3' } });
      expect(await admin.server(server.id)).toMatchObject({
        name: 'patched',
        metadata: { c: '3' },
      });

      const [latest] = await admin.history(server.id);
      expect(latest).toMatchObject({ action: 'update', status: 'succeeded' });

      // The cloud has both, with the service's own tag kept in its metadata.
      const { server: inCloud } = await cloudServerOf(t, server.id);
      expect(inCloud.name).toBe('patched');
      expect(inCloud.metadata).toMatchObject({ c: '3', [INVENTORY_TAG]: server.id });
      expect(inCloud.metadata).not.toHaveProperty('a');
    });

    it('honours If-Match: 200 when current (with a new ETag), 412 when stale', async () => {
      const current = await admin.get(`/servers/${server.id}`);
      const etag = current.headers.etag;

      const ok = await admin
        .patch(`/servers/${server.id}`, { name: 'if-match-1' })
        .set('if-match', etag);
      expect(ok.status).toBe(200);
      expect(ok.headers.etag).not.toBe(etag);

      const stale = await admin
        .patch(`/servers/${server.id}`, { name: 'if-match-2' })
        .set('if-match', etag);
      expectProblem(stale, 412, 'PRECONDITION_FAILED');
      expect((await admin.server(server.id)).name).toBe('if-match-1');

      const weak = await admin
        .patch(`/servers/${server.id}`, { name: 'if-match-3' })
        .set('if-match', `W/${ok.headers.etag}`);
      expectProblem(weak, 412, 'PRECONDITION_FAILED');

      const star = await admin.patch(`/servers/${server.id}`, { name: 'any' }).set('if-match', '*');
      expect(star.status).toBe(200);
    });

    it('keeps access addresses from the create and PATCH, in the cloud too', async () => {
      const made = await admin.createServer({
        name: 'reach-me',
        accessIPv4: '203.0.113.10',
        accessIPv6: '2001:0db8::0:10',
      });
      // Kept compressed, as Nova keeps an IPv6 address (once the cloud has reported it).
      expect(await admin.server(made.id)).toMatchObject({
        accessIPv4: '203.0.113.10',
        accessIPv6: '2001:db8::10',
      });
      expect((await cloudServerOf(t, made.id)).server).toMatchObject({
        accessIpv4: '203.0.113.10',
        accessIpv6: '2001:db8::10',
      });
      const patched = await admin.patch(`/servers/${made.id}`, { accessIPv4: '198.51.100.7' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        accessIPv4: '198.51.100.7',
        accessIPv6: '2001:db8::10',
      });
      expect(await admin.server(made.id)).toMatchObject({ accessIPv4: '198.51.100.7' });
      expect((await cloudServerOf(t, made.id)).server.accessIpv4).toBe('198.51.100.7');
      // A change made outside this API is followed.
      const { scope, cloudId } = await cloudServerOf(t, made.id);
      await t.cloudApp.get(OpenStackClient).updateServer(scope, cloudId, {
        accessIpv6: '2001:db8::99',
      });
      // A settled project is asked once per idle interval (30 s by default).
      t.clock.advance(30_000);
      await t.reconciler.tick();
      expect(await admin.server(made.id)).toMatchObject({ accessIPv6: '2001:db8::99' });
      // A server given none shows null.
      expect(server).toMatchObject({ accessIPv4: null, accessIPv6: null });
    });

    it('refuses access addresses Nova would refuse, changing nothing', async () => {
      for (const [field, value] of [
        ['accessIPv4', '1.1.1.1.1.1'],
        ['accessIPv4', '01.2.3.4'],
        ['accessIPv4', null],
        ['accessIPv6', 'notvalid'],
        ['accessIPv6', '1.2.3.4'],
      ] as const) {
        const body = { name: 'bad-access', imageId: IMAGES.cirros, flavorId: '1', [field]: value };
        expectFieldError(await admin.post('/servers', body), field);
        expectFieldError(await admin.patch(`/servers/${server.id}`, { [field]: value }), field);
      }
      expect(await admin.server(server.id)).toMatchObject({ accessIPv4: null, accessIPv6: null });
    });

    it('validates PATCH bodies like create', async () => {
      expectFieldError(await admin.patch(`/servers/${server.id}`, { name: 'a/b' }), 'name');
      expectFieldError(await admin.patch(`/servers/${server.id}`, { metadata: [] }), 'metadata');
      expectFieldError(await admin.patch(`/servers/${server.id}`, { status: 'ACTIVE' }), 'status');
      expect((await admin.server(server.id)).name).toBe('any');
    });
  });

  describe('GET /servers filters', () => {
    let api: Api;
    const made: Record<string, ServerBody> = {};
    beforeAll(async () => {
      api = await admin.as('crud-list');
      made.web1 = await api.createServer({ name: 'Web-1' });
      made.web2 = await api.createServer({ name: 'web-2', imageId: IMAGES.ubuntu, flavorId: '2' });
      made.db = await api.createServer({ name: 'db_main', flavorId: '2' });
      made.dbx = await api.createServer({ name: 'dbxmain' });
      expect((await api.action(made.web2.id, 'stop')).status).toBe(202);
    });

    const names = async (query: string) => (await api.listServers(query)).items.map((s) => s.name);

    it('lists the project newest first', async () => {
      expect(await names('')).toEqual(['dbxmain', 'db_main', 'web-2', 'Web-1']);
    });

    it('filters by status', async () => {
      expect(await names('status=SHUTOFF')).toEqual(['web-2']);
      expect(await names('status=ACTIVE')).toEqual(['dbxmain', 'db_main', 'Web-1']);
      expect(await names('status=ERROR')).toEqual([]);
    });

    it('filters by name substring, case-insensitively, with wildcards taken literally', async () => {
      expect(await names('name=WEB')).toEqual(['web-2', 'Web-1']);
      expect(await names('name=b_m')).toEqual(['db_main']);
      expect(await names('name=%25')).toEqual([]);
    });

    it('filters by imageId and flavorId, and combines filters', async () => {
      expect(await names(`imageId=${IMAGES.ubuntu}`)).toEqual(['web-2']);
      expect(await names('flavorId=2')).toEqual(['db_main', 'web-2']);
      expect(await names(`flavorId=1&imageId=${IMAGES.cirros}&name=web`)).toEqual(['Web-1']);
    });

    it('lets an admin see every project, or one with ?projectId=', async () => {
      const other = await admin.as('crud-list-other');
      const theirs = await other.createServer({ name: 'theirs' });
      const all = (await admin.listServers('limit=200')).items.map((s) => s.id);
      expect(all).toEqual(expect.arrayContaining([theirs.id, made.web1.id]));

      const one = await admin.listServers('projectId=crud-list');
      expect(one.items.map((s) => s.name)).toEqual(['dbxmain', 'db_main', 'web-2', 'Web-1']);
      expect(one.items.every((s) => s.projectId === 'crud-list')).toBe(true);

      // A member's ?projectId= is ignored: it always sees its own project.
      expect(await names('projectId=crud-list-other')).toEqual(await names(''));
    });
  });
});
