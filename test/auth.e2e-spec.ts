import request from 'supertest';
import { Api, expectProblem, type Page, type ServerBody } from './support/api';
import { ADMIN_KEY, createTestApp, type TestApp } from './support/test-app';

interface KeyBody {
  id: string;
  key?: string;
  projectId: string;
  role: string;
  name: string;
  createdAt: string;
}

describe('authentication and authorisation', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp();
    admin = new Api(t);
  });
  afterAll(() => t.close());

  describe('API keys', () => {
    it.each([
      ['no Authorization header', undefined],
      ['an unknown key', 'Bearer vmk_not-a-real-key'],
      ['another scheme', `Basic ${ADMIN_KEY}`],
      ['an empty bearer', 'Bearer '],
    ])('%s → 401', async (_label, header) => {
      for (const path of ['/servers', '/images', '/flavors', '/admin/api-keys']) {
        const req = request(t.http).get(`/api/v1${path}`);
        const res = header === undefined ? await req : await req.set('authorization', header);
        expectProblem(res, 401, 'UNAUTHENTICATED');
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      const create = request(t.http).post('/api/v1/servers').send({ name: 'x' });
      expectProblem(await create, 401, 'UNAUTHENTICATED');
    });

    it('mints a key: 201 with the secret shown once, then lists it without it', async () => {
      const res = await admin.post('/admin/api-keys', {
        projectId: 'team-blue',
        role: 'member',
        name: 'ci pipeline',
      });
      expect(res.status).toBe(201);
      const minted = res.body as KeyBody;
      expect(minted).toEqual({
        id: expect.any(String),
        key: expect.any(String),
        projectId: 'team-blue',
        role: 'member',
        name: 'ci pipeline',
        createdAt: '2030-01-01T00:00:00.000Z',
      });
      expect(minted.key!.length).toBeGreaterThanOrEqual(32);

      const list = await admin.get('/admin/api-keys?limit=200');
      expect(list.status).toBe(200);
      const items = (list.body as Page<KeyBody>).items;
      const listed = items.find((k) => k.id === minted.id);
      expect(listed).toEqual({ ...minted, key: undefined });
      expect(list.text).not.toContain(minted.key);
      for (const k of items)
        expect(Object.keys(k).sort()).toEqual(['createdAt', 'id', 'name', 'projectId', 'role']);

      // The minted key works.
      expect((await new Api(t, minted.key).get('/servers')).status).toBe(200);
    });

    it('refuses a malformed key request with 400', async () => {
      for (const body of [
        { projectId: 'p', role: 'owner', name: 'x' },
        { projectId: 'has space', role: 'member', name: 'x' },
        { projectId: 'p', role: 'member' },
        { projectId: 'p', role: 'member', name: 'x', key: 'chosen-secret' },
      ]) {
        expectProblem(await admin.post('/admin/api-keys', body), 400, 'VALIDATION_FAILED');
      }
    });

    it('a revoked key is refused at once; revoking twice is 404', async () => {
      const res = await admin.post('/admin/api-keys', { projectId: 'p', role: 'admin', name: 'x' });
      const { id, key } = res.body as KeyBody;
      const api = new Api(t, key);
      expect((await api.get('/admin/api-keys')).status).toBe(200);

      expect((await admin.delete(`/admin/api-keys/${id}`)).status).toBe(204);
      expectProblem(await api.get('/servers'), 401, 'UNAUTHENTICATED');
      expectProblem(await api.get('/admin/api-keys'), 401, 'UNAUTHENTICATED');
      expectProblem(await admin.delete(`/admin/api-keys/${id}`), 404, 'API_KEY_NOT_FOUND');
      const list = (await admin.get('/admin/api-keys?limit=200')).body as Page<KeyBody>;
      expect(list.items.map((k) => k.id)).not.toContain(id);
    });

    it('a member key is 403 on /admin/*', async () => {
      const member = await admin.as('p-member');
      expectProblem(await member.get('/admin/api-keys'), 403, 'FORBIDDEN');
      const mint = await member.post('/admin/api-keys', {
        projectId: 'p',
        role: 'admin',
        name: 'x',
      });
      expectProblem(mint, 403, 'FORBIDDEN');
      const list = (await admin.get('/admin/api-keys?limit=200')).body as Page<KeyBody>;
      const victim = list.items[0];
      expectProblem(await member.delete(`/admin/api-keys/${victim.id}`), 403, 'FORBIDDEN');
      expect((await admin.get('/admin/api-keys?limit=200')).body).toEqual(list);
    });

    it('a minted admin key manages keys and sees every project', async () => {
      const second = await admin.as('ops', 'admin');
      expect((await second.get('/admin/api-keys')).status).toBe(200);
      const member = await admin.as('p-admin-sees');
      const server = await member.createServer();
      expect((await second.server(server.id)).projectId).toBe('p-admin-sees');
    });
  });

  describe('projects', () => {
    let alice: Api;
    let bob: Api;
    let theirs: ServerBody;

    beforeAll(async () => {
      alice = await admin.as('alice');
      bob = await admin.as('bob');
      const created = await alice.createServer({ name: 'alice-1', metadata: { owner: 'alice' } });
      theirs = await alice.server(created.id);
    });

    it.each([
      ['GET', (api: Api, id: string) => api.get(`/servers/${id}`)],
      ['GET actions', (api: Api, id: string) => api.get(`/servers/${id}/actions`)],
      ['PATCH', (api: Api, id: string) => api.patch(`/servers/${id}`, { name: 'mine' })],
      ['start', (api: Api, id: string) => api.action(id, 'start')],
      ['stop', (api: Api, id: string) => api.action(id, 'stop')],
      ['reboot', (api: Api, id: string) => api.action(id, 'reboot', { type: 'HARD' })],
      ['snapshot', (api: Api, id: string) => api.action(id, 'snapshot', { name: 's' })],
      ['DELETE', (api: Api, id: string) => api.delete(`/servers/${id}`)],
    ])("another project's server is 404 on %s, and is left alone", async (_label, send) => {
      const problem = expectProblem(await send(bob, theirs.id), 404, 'SERVER_NOT_FOUND');
      expect(problem.detail).not.toContain('alice');
      expect(await alice.server(theirs.id)).toEqual(theirs);
    });

    it("a member lists only its project's servers", async () => {
      const own = await bob.createServer({ name: 'bob-1' });
      expect((await bob.listServers()).items.map((s) => s.id)).toEqual([own.id]);
      expect((await bob.listServers('name=alice')).items).toEqual([]);
    });

    it('an admin reads and acts on every project; the action keeps the owner project', async () => {
      expect(await admin.server(theirs.id)).toEqual(theirs);
      const stop = await admin.action(theirs.id, 'stop');
      expect(stop.status).toBe(202);
      expect(stop.body).toMatchObject({ projectId: 'alice', taskState: 'powering-off' });
      expect(await alice.server(theirs.id)).toMatchObject({ status: 'SHUTOFF' });
      const [latest] = await alice.history(theirs.id);
      expect(latest).toMatchObject({ action: 'stop', projectId: 'alice', status: 'succeeded' });
      expect((await admin.action(theirs.id, 'start')).status).toBe(202);
      theirs = await alice.server(theirs.id);
      expect(theirs.status).toBe('ACTIVE');
    });

    it("an admin's snapshot of another project's server belongs to that project", async () => {
      const snap = await admin.action(theirs.id, 'snapshot', { name: 'admin-snap' });
      expect(snap.status).toBe(202);
      const { imageId } = snap.body as { imageId: string };
      expectProblem(await admin.get(`/images/${imageId}`), 404, 'IMAGE_NOT_FOUND');
      await admin.get(`/images/${imageId}?projectId=alice`).expect(200);
      const listed = await admin.get('/images?projectId=alice&name=admin-snap').expect(200);
      expect((listed.body as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([
        imageId,
      ]);
      await alice.get(`/images/${imageId}`).expect(200);
      // A member's projectId is ignored: it always reads as its own project.
      expectProblem(await bob.get(`/images/${imageId}?projectId=alice`), 404, 'IMAGE_NOT_FOUND');
    });

    it('a member deletes its own server; the other project cannot see it either way', async () => {
      const doomed = await alice.createServer({ name: 'doomed' });
      expectProblem(await bob.delete(`/servers/${doomed.id}`), 404, 'SERVER_NOT_FOUND');
      expect((await alice.delete(`/servers/${doomed.id}`)).status).toBe(202);
      expectProblem(await alice.get(`/servers/${doomed.id}`), 404, 'SERVER_NOT_FOUND');
      expectProblem(await admin.get(`/servers/${doomed.id}`), 404, 'SERVER_NOT_FOUND');
    });
  });

  it('health, metrics and docs need no key', async () => {
    for (const path of [
      '/api/v1/health',
      '/api/v1/health/ready',
      '/metrics',
      '/docs',
      '/docs-json',
    ]) {
      expect((await request(t.http).get(path)).status).toBe(200);
    }
  });
});
