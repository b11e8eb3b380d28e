import { OpenStackClient } from '../src/compute/openstack-client';
import { PROJECT_TAG } from '../src/compute/real/scope-tag';
import { INVENTORY_TAG } from '../src/servers/server-sync';
import { Api, expectFieldError, expectProblem, type ServerBody } from './support/api';
import { cloudServerOf } from './support/cloud-view';
import { createTestApp, REAL_CLIENT, type TestApp } from './support/test-app';

/** Runs against the simulator, and with `npm run test:e2e-real` through the real client. */
describe('server tags, and PATCH reaching the cloud', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    // Transitions take a second, so a server can be caught during a task.
    t = await createTestApp({ MOCK_OPENSTACK_LATENCY_MS: '1000' });
    admin = new Api(t);
  });
  afterAll(() => t.close());

  /** Lets every transition in progress end. */
  const settle = () => t.clock.advance(1_000);

  /** A new server, left to become ACTIVE. */
  async function active(api: Api, overrides: Record<string, unknown> = {}): Promise<ServerBody> {
    const server = await api.createServer(overrides);
    settle();
    expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
    return server;
  }

  async function act(api: Api, id: string, action: string, status: string): Promise<void> {
    expect((await api.action(id, action)).status).toBe(202);
    settle();
    expect(await api.server(id)).toMatchObject({ status, taskState: null });
  }

  const cloud = async (id: string) => (await cloudServerOf(t, id)).server;
  /**
   * The metadata the cloud keeps for a server of ours: the user's pairs, our inventory
   * tag and, with the real client, the project tag it adds.
   */
  const inCloud = (server: ServerBody, metadata: Record<string, string>) => ({
    ...metadata,
    [INVENTORY_TAG]: server.id,
    ...(REAL_CLIENT ? { [PROJECT_TAG]: server.projectId } : {}),
  });
  const tagsPath = (id: string, tag?: string) =>
    `/servers/${id}/tags${tag === undefined ? '' : `/${encodeURIComponent(tag)}`}`;
  const history = async (api: Api, id: string) =>
    (await api.history(id)).map((entry) => [entry.action, entry.status]);

  describe('changes', () => {
    it('replaces, adds and removes tags in the cloud and the inventory, and records each', async () => {
      const api = await admin.as('tags-changes');
      const { id } = await active(api);

      const put = await api.put(tagsPath(id), { tags: ['web', 'Prod', 'web', 'blue'] });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({ tags: ['blue', 'Prod', 'web'] });
      expect((await cloud(id)).tags).toEqual(['blue', 'Prod', 'web']);
      expect((await api.get(tagsPath(id))).body).toEqual({ tags: ['blue', 'Prod', 'web'] });
      expect((await api.server(id)).tags).toEqual(['blue', 'Prod', 'web']);

      const added = await api.put(tagsPath(id, 'green'));
      expect(added.status).toBe(201);
      expect(added.headers.location).toBe(`/api/v1/servers/${id}/tags/green`);
      expect(added.body).toEqual({ tags: ['blue', 'green', 'Prod', 'web'] });
      const again = await api.put(tagsPath(id, 'green'));
      expect([again.status, again.text]).toEqual([204, '']);
      expect((await cloud(id)).tags).toEqual(['blue', 'green', 'Prod', 'web']);

      expect((await api.delete(tagsPath(id, 'Prod'))).status).toBe(204);
      expectProblem(await api.delete(tagsPath(id, 'Prod')), 404, 'TAG_NOT_FOUND');
      expectProblem(await api.delete(tagsPath(id, 'prod')), 404, 'TAG_NOT_FOUND');
      expect((await cloud(id)).tags).toEqual(['blue', 'green', 'web']);

      // Any character but "/" and ",", URL-encoded in the path.
      expect((await api.put(tagsPath(id, 'team blue é'))).status).toBe(201);
      expect((await cloud(id)).tags).toEqual(['blue', 'green', 'team blue é', 'web']);

      // A 204 and the 404s changed nothing, so left no trace.
      expect(await history(api, id)).toEqual([
        ['add-tag', 'succeeded'],
        ['remove-tag', 'succeeded'],
        ['add-tag', 'succeeded'],
        ['set-tags', 'succeeded'],
        ['create', 'succeeded'],
      ]);
      expect((await api.put(tagsPath(id), { tags: [] })).body).toEqual({ tags: [] });
      expect((await cloud(id)).tags).toEqual([]);
    });

    it('keeps Nova’s limits: 50 tags of 1-60 characters without "/" or ","; 400 changes nothing', async () => {
      const api = await admin.as('tags-limits');
      const { id } = await active(api);
      const many = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

      expectFieldError(await api.put(tagsPath(id), { tags: many(51) }), 'tags');
      for (const bad of ['a,b', 'a/b', '', 'x'.repeat(61), 5, null]) {
        expectFieldError(await api.put(tagsPath(id), { tags: [bad] }), 'tags');
      }
      expectFieldError(await api.put(tagsPath(id), { tags: 'web' }), 'tags');
      expectFieldError(await api.put(tagsPath(id), {}), 'tags');
      expectFieldError(await api.put(tagsPath(id), { tags: [], color: 'red' }), 'color');
      // Nova keeps tags case-insensitively (MySQL): tags differing by case only are refused.
      expectFieldError(await api.put(tagsPath(id), { tags: ['web', 'Web'] }), 'tags');
      expect((await api.put(tagsPath(id), { tags: ['web', 'web'] })).body).toEqual({
        tags: ['web'],
      });
      expectFieldError(await api.put(tagsPath(id, 'WEB')), 'tag');
      expect((await api.put(tagsPath(id), { tags: [] })).status).toBe(200);
      expectFieldError(await api.put(tagsPath(id, 'a,b')), 'tag');
      expectFieldError(await api.put(tagsPath(id, 'x'.repeat(61))), 'tag');
      expectFieldError(await api.put(tagsPath(id, 'a/b')), 'tag');
      expectFieldError(await api.put(tagsPath(id, 'ok'), { color: 'red' }), 'color');
      expectFieldError(await api.delete(tagsPath(id, 'a,b')), 'tag');
      expectFieldError(await api.get(`/servers/not-a-uuid/tags`), 'id');
      expect((await cloud(id)).tags).toEqual([]);

      const full = [...many(49), 'x'.repeat(60)];
      expect((await api.put(tagsPath(id), { tags: full })).status).toBe(200);
      const over = expectFieldError(await api.put(tagsPath(id, 'one-more')), 'tag');
      expect(over.errors).toEqual([{ field: 'tag', message: 'a server has at most 50 tags' }]);
      // One it has is still there: 204, nothing sent.
      expect((await api.put(tagsPath(id, 't0'))).status).toBe(204);
      expect((await cloud(id)).tags).toHaveLength(50);
      expect(await history(api, id)).toEqual([
        ['set-tags', 'succeeded'],
        ['set-tags', 'succeeded'],
        ['set-tags', 'succeeded'],
        ['create', 'succeeded'],
      ]);
    });

    it('answers 404 for a server of another project, and for none', async () => {
      const mine = await admin.as('tags-mine');
      const theirs = await admin.as('tags-theirs');
      const { id } = await active(theirs);
      expectProblem(await mine.get(tagsPath(id)), 404, 'SERVER_NOT_FOUND');
      expectProblem(await mine.put(tagsPath(id), { tags: ['x'] }), 404, 'SERVER_NOT_FOUND');
      expectProblem(await mine.put(tagsPath(id, 'x')), 404, 'SERVER_NOT_FOUND');
      expectProblem(await mine.delete(tagsPath(id, 'x')), 404, 'SERVER_NOT_FOUND');
      expect((await cloud(id)).tags).toEqual([]);
    });
  });

  describe('rules', () => {
    it('refuses tag changes to member keys on a locked server; admin keys may make them', async () => {
      const member = await admin.as('tags-locked');
      const { id } = await active(member);
      expect((await member.put(tagsPath(id, 'before'))).status).toBe(201);
      expect((await member.action(id, 'lock')).status).toBe(202);

      expectProblem(await member.put(tagsPath(id), { tags: ['x'] }), 409, 'SERVER_LOCKED');
      expectProblem(await member.put(tagsPath(id, 'x')), 409, 'SERVER_LOCKED');
      expectProblem(await member.delete(tagsPath(id, 'before')), 409, 'SERVER_LOCKED');
      expect((await member.get(tagsPath(id))).body).toEqual({ tags: ['before'] });

      expect((await admin.put(tagsPath(id, 'by-admin'))).status).toBe(201);
      expect((await admin.delete(tagsPath(id, 'before'))).status).toBe(204);
      expect(await cloud(id)).toMatchObject({ tags: ['by-admin'], locked: true });
      expect(await member.server(id)).toMatchObject({ tags: ['by-admin'], locked: true });
    });

    it('changes tags during a task and in SHUTOFF, PAUSED and SUSPENDED, not once shelved', async () => {
      const api = await admin.as('tags-states');
      const { id } = await active(api);

      // ACTIVE with a snapshot being taken.
      expect((await api.action(id, 'snapshot', { name: 'snap' })).status).toBe(202);
      expect(await api.server(id)).toMatchObject({ status: 'ACTIVE', taskState: 'image_snapshot' });
      expect((await api.put(tagsPath(id, 'during-snapshot'))).status).toBe(201);
      settle();
      for (const [action, status] of [
        ['stop', 'SHUTOFF'],
        ['start', 'ACTIVE'],
        ['pause', 'PAUSED'],
        ['unpause', 'ACTIVE'],
        ['suspend', 'SUSPENDED'],
      ]) {
        await act(api, id, action, status);
        expect((await api.put(tagsPath(id, `after-${action}`))).status).toBe(201);
      }
      await act(api, id, 'resume', 'ACTIVE');
      await act(api, id, 'shelve', 'SHELVED_OFFLOADED');
      const before = (await cloud(id)).tags;
      expect(before).toEqual([
        'after-pause',
        'after-start',
        'after-stop',
        'after-suspend',
        'after-unpause',
        'during-snapshot',
      ]);

      const refused = expectProblem(
        await api.put(tagsPath(id, 'shelved')),
        409,
        'INVALID_STATE_TRANSITION',
      );
      expect(refused.detail).toBe(
        'Cannot change the tags of a server in status SHELVED_OFFLOADED (no task in progress).',
      );
      expectProblem(await api.put(tagsPath(id), { tags: [] }), 409, 'INVALID_STATE_TRANSITION');
      expectProblem(await api.delete(tagsPath(id, 'after-stop')), 409, 'INVALID_STATE_TRANSITION');
      expect((await cloud(id)).tags).toEqual(before);
      expect((await history(api, id))[0]).toEqual(['shelve', 'succeeded']);
    });

    it('records a tag change the cloud refuses, and leaves the tags as they were', async () => {
      const api = await admin.as('tags-refused');
      const { id } = await active(api);
      expect((await api.put(tagsPath(id, 'kept'))).status).toBe(201);
      // Shelved straight in the cloud: the inventory, at rest, still says ACTIVE.
      const { scope, cloudId } = await cloudServerOf(t, id);
      await t.cloudApp.get(OpenStackClient).serverAction(scope, cloudId, 'shelve');
      settle();
      expect((await cloud(id)).status).toBe('SHELVED_OFFLOADED');

      const refused = expectProblem(
        await api.put(tagsPath(id, 'new')),
        409,
        'INVALID_STATE_TRANSITION',
      );
      expect(refused.detail).toBe("The cloud refused the action in the server's current state.");
      expect((await api.get(tagsPath(id))).body).toEqual({ tags: ['kept'] });
      expect((await cloud(id)).tags).toEqual(['kept']);
      const [latest] = await api.history(id);
      expect(latest).toMatchObject({
        action: 'add-tag',
        status: 'failed',
        error: "The cloud refused the action in the server's current state.",
      });
      expect(latest.finishedAt).not.toBeNull();
    });
  });

  describe('GET /servers?tags=', () => {
    let api: Api;
    const made: Record<string, ServerBody> = {};
    beforeAll(async () => {
      api = await admin.as('tags-filter');
      for (const [name, tags] of [
        ['s0', ['web', 'prod']],
        ['s1', ['web']],
        ['s2', ['web', 'prod', 'db']],
        ['s3', []],
        ['s4', ['prod']],
      ] as const) {
        made[name] = await active(api, { name });
        expect((await api.put(tagsPath(made[name].id), { tags })).status).toBe(200);
      }
    });

    const names = async (query: string) => (await api.listServers(query)).items.map((s) => s.name);

    it('lists the servers having every tag given, newest first, with their tags', async () => {
      expect(await names('tags=web,prod')).toEqual(['s2', 's0']);
      expect(await names('tags=web')).toEqual(['s2', 's1', 's0']);
      expect(await names('tags=prod&name=s4')).toEqual(['s4']);
      expect(await names('tags=nope')).toEqual([]);
      expect(await names('tags=Web')).toEqual([]);
      const [s2] = (await api.listServers('tags=db')).items;
      expect(s2).toMatchObject({ name: 's2', tags: ['db', 'prod', 'web'] });
    });

    it('pages through a filtered list with the cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const query: string = `tags=web&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await api.listServers(query);
        seen.push(...res.items.map((s) => s.name));
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(['s2', 's1', 's0']);
      const two = await api.listServers('tags=prod&limit=2');
      expect(two.items.map((s) => s.name)).toEqual(['s4', 's2']);
      expect(two.nextCursor).not.toBeNull();
    });

    it.each([
      ['an empty value', 'tags='],
      ['an empty tag', 'tags=web,,prod'],
      ['a tag with a slash', 'tags=a%2Fb'],
      ['a tag over 60 characters', `tags=${'x'.repeat(61)}`],
      ['51 tags', `tags=${Array.from({ length: 51 }, (_, i) => `t${i}`).join(',')}`],
      ['the parameter twice', 'tags=web&tags=prod'],
    ])('refuses %s with 400', async (_label, query) => {
      expectFieldError(await api.get(`/servers?${query}`), 'tags');
    });
  });

  describe('following the cloud', () => {
    it('follows a name, metadata and tags changed outside this API', async () => {
      const api = await admin.as('tags-outside');
      const server = await active(api, { name: 'inside', metadata: { role: 'web' } });
      const { scope, cloudId } = await cloudServerOf(t, server.id);
      const client = t.cloudApp.get(OpenStackClient);
      await client.setServerTags(scope, cloudId, ['outside']);
      await client.updateServer(scope, cloudId, { name: 'renamed-outside' });
      await client.replaceServerMetadata(scope, cloudId, {
        role: 'db',
        [INVENTORY_TAG]: server.id,
      });
      // A settled project is asked once per idle interval (30 s by default).
      t.clock.advance(30_000);
      await t.reconciler.tick();
      expect(await api.server(server.id)).toMatchObject({
        name: 'renamed-outside',
        metadata: { role: 'db' },
        tags: ['outside'],
      });
      expect(await api.listServers('tags=outside')).toMatchObject({
        items: [expect.objectContaining({ id: server.id })],
      });
    });
  });

  describe('PATCH', () => {
    it('renames the server and replaces its metadata in the cloud, keeping the inventory tag there', async () => {
      const api = await admin.as('patch-cloud');
      const server = await active(api, { name: 'before', metadata: { a: '1' } });
      const res = await api.patch(`/servers/${server.id}`, { name: 'after', metadata: { b: '2' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'after', metadata: { b: '2' } });
      const changed = await cloud(server.id);
      expect(changed.name).toBe('after');
      expect(changed.metadata).toEqual(inCloud(server, { b: '2' }));
      expect(await history(api, server.id)).toEqual([
        ['update', 'succeeded'],
        ['create', 'succeeded'],
      ]);
    });

    it('renames during a task, but changes metadata only at rest (409, nothing sent)', async () => {
      const api = await admin.as('patch-task');
      const server = await active(api, { metadata: { a: '1' } });
      expect((await api.action(server.id, 'stop')).status).toBe(202);
      expect((await api.patch(`/servers/${server.id}`, { name: 'stopping' })).status).toBe(200);
      const refused = expectProblem(
        await api.patch(`/servers/${server.id}`, { metadata: { b: '2' } }),
        409,
        'INVALID_STATE_TRANSITION',
      );
      expect(refused.detail).toBe(
        'Cannot change the metadata of a server in status ACTIVE with task state powering-off.',
      );
      expect(await cloud(server.id)).toMatchObject({
        name: 'stopping',
        metadata: inCloud(server, { a: '1' }),
      });
      settle();
      expect(await api.server(server.id)).toMatchObject({ status: 'SHUTOFF', name: 'stopping' });
      expect((await api.patch(`/servers/${server.id}`, { metadata: { b: '2' } })).status).toBe(200);
      expect((await cloud(server.id)).metadata).toEqual(inCloud(server, { b: '2' }));
    });

    it('lets an admin key change the metadata of a locked server, which stays locked', async () => {
      const member = await admin.as('patch-locked');
      const server = await active(member);
      expect((await member.action(server.id, 'lock')).status).toBe(202);
      expectProblem(
        await member.patch(`/servers/${server.id}`, { metadata: { a: '1' } }),
        409,
        'SERVER_LOCKED',
      );
      const res = await admin.patch(`/servers/${server.id}`, { metadata: { by: 'admin' } });
      expect(res.status).toBe(200);
      expect(await cloud(server.id)).toMatchObject({
        locked: true,
        metadata: inCloud(server, { by: 'admin' }),
      });
      expect(await member.server(server.id)).toMatchObject({
        locked: true,
        metadata: { by: 'admin' },
      });
    });

    it('records a change the cloud refuses, and leaves the server as it was', async () => {
      const api = await admin.as('patch-refused');
      const server = await active(api, { name: 'kept', metadata: { a: '1' } });
      const { scope, cloudId } = await cloudServerOf(t, server.id);
      await t.cloudApp.get(OpenStackClient).serverAction(scope, cloudId, 'shelve');
      settle();
      const res = await api.patch(`/servers/${server.id}`, { name: 'new', metadata: { b: '2' } });
      expectProblem(res, 409, 'INVALID_STATE_TRANSITION');
      expect(await api.server(server.id)).toMatchObject({ name: 'kept', metadata: { a: '1' } });
      expect(await cloud(server.id)).toMatchObject({ name: 'kept' });
      const [latest] = await api.history(server.id);
      expect(latest).toMatchObject({ action: 'update', status: 'failed' });
    });
  });
});
