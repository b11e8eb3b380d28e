import { Api, expectFieldError, expectProblem, IMAGES, type ServerBody } from './support/api';
import { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from '../src/servers/idempotency-key.entity';
import { requestFingerprint } from '../src/servers/idempotency.service';
import { createTestApp, type TestApp } from './support/test-app';

const BODY = { name: 'idem', imageId: IMAGES.cirros, flavorId: '1', metadata: { a: '1', b: '2' } };

describe('Idempotency-Key', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp();
    admin = new Api(t);
  });
  afterAll(() => t.close());

  describe('on POST /servers', () => {
    it('takes over a key whose request died before finishing (claim older than 5 minutes)', async () => {
      const api = await admin.as('idem-abandoned');
      // What a request that crashed between its intent and its outcome leaves behind.
      await t.app
        .get(DataSource)
        .getRepository(IdempotencyKeyEntity)
        .insert({
          id: '01a00000-0000-7000-8000-000000000001',
          projectId: 'idem-abandoned',
          key: 'crashed',
          requestHash: requestFingerprint('POST', '/servers', BODY),
          responseStatus: 0,
          responseBody: 'null',
          location: null,
          createdAt: t.clock.now(),
        });
      t.clock.advance(5 * 60_000 + 1);
      const res = await api.post('/servers', BODY).set('idempotency-key', 'crashed');
      expect(res.status).toBe(202);
      const replay = await api.post('/servers', BODY).set('idempotency-key', 'crashed');
      expect(replay.body).toEqual(res.body);
      expect((await api.listServers()).items).toHaveLength(1);
    });

    it('a retry returns the original response and creates nothing more', async () => {
      const api = await admin.as('idem-replay');
      const first = await api.post('/servers', BODY).set('idempotency-key', 'create-1');
      expect(first.status).toBe(202);
      // Same body with its keys in another order is the same request.
      const reordered = { metadata: { b: '2', a: '1' }, flavorId: '1', imageId: IMAGES.cirros };
      const retry = await api
        .post('/servers', { ...reordered, name: 'idem' })
        .set('idempotency-key', 'create-1');
      expect(retry.status).toBe(202);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.location).toBe(first.headers.location);

      // Even after the server changed, the replay is the original response.
      const id = (first.body as ServerBody).id;
      expect((await api.action(id, 'stop')).status).toBe(202);
      const late = await api.post('/servers', BODY).set('idempotency-key', 'create-1');
      expect(late.status).toBe(202);
      expect(late.body).toEqual(first.body);

      expect((await api.listServers()).items.map((s) => s.id)).toEqual([id]);
      expect((await api.history(id)).filter((a) => a.action === 'create')).toHaveLength(1);
    });

    it('the same key with another body → 422 IDEMPOTENCY_KEY_REUSED, nothing created', async () => {
      const api = await admin.as('idem-reuse');
      expect((await api.post('/servers', BODY).set('idempotency-key', 'k')).status).toBe(202);
      const other = await api
        .post('/servers', { ...BODY, name: 'other' })
        .set('idempotency-key', 'k');
      expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect((await api.listServers()).items.map((s) => s.name)).toEqual(['idem']);
    });

    it('keys are per project: another project with the same key gets its own server', async () => {
      const one = await admin.as('idem-p1');
      const two = await admin.as('idem-p2');
      const a = await one.post('/servers', BODY).set('idempotency-key', 'shared');
      const b = await two.post('/servers', BODY).set('idempotency-key', 'shared');
      expect([a.status, b.status]).toEqual([202, 202]);
      expect((b.body as ServerBody).id).not.toBe((a.body as ServerBody).id);
      expect((b.body as ServerBody).projectId).toBe('idem-p2');
    });

    it('concurrent requests with one key create exactly one server', async () => {
      const api = await admin.as('idem-race');
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => api.post('/servers', BODY).set('idempotency-key', 'race')),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(8).fill(202));
      const ids = new Set(responses.map((r) => (r.body as ServerBody).id));
      expect(ids.size).toBe(1);
      const list = await api.listServers();
      expect(list.items.map((s) => s.id)).toEqual([...ids]);
      expect(await api.history([...ids][0])).toHaveLength(1);
    });

    it('a refused request is not remembered: a corrected retry with the key succeeds', async () => {
      const api = await admin.as('idem-refused');
      const bad = await api
        .post('/servers', { ...BODY, imageId: IMAGES.fedoraQueued })
        .set('idempotency-key', 'fix-me');
      expectProblem(bad, 422, 'IMAGE_NOT_ACTIVE');
      const good = await api.post('/servers', BODY).set('idempotency-key', 'fix-me');
      expect(good.status).toBe(202);
    });

    it('a key over 255 characters, or with spaces, → 400', async () => {
      const api = await admin.as('idem-bad-key');
      const long = await api.post('/servers', BODY).set('idempotency-key', 'k'.repeat(256));
      expectFieldError(long, 'Idempotency-Key');
      const spaced = await api.post('/servers', BODY).set('idempotency-key', 'a b');
      expectFieldError(spaced, 'Idempotency-Key');
      const max = await api.post('/servers', BODY).set('idempotency-key', 'k'.repeat(255));
      expect(max.status).toBe(202);
      expect((await api.listServers()).items).toHaveLength(1);
    });
  });

  describe('on action endpoints', () => {
    it('a retried stop returns the original 202 though the server is now SHUTOFF', async () => {
      const server = await admin.createServer();
      const first = await admin.action(server.id, 'stop').set('idempotency-key', 'stop-1');
      expect(first.status).toBe(202);
      const retry = await admin.action(server.id, 'stop').set('idempotency-key', 'stop-1');
      expect(retry.status).toBe(202);
      expect(retry.body).toEqual(first.body);
      // Without the key, the same request is judged afresh.
      expectProblem(await admin.action(server.id, 'stop'), 409, 'INVALID_STATE_TRANSITION');
      const stops = (await admin.history(server.id)).filter((a) => a.action === 'stop');
      expect(stops).toHaveLength(1);
    });

    it('the key is bound to the action, its server and its body', async () => {
      const a = await admin.createServer();
      const b = await admin.createServer();
      const reboot = await admin
        .action(a.id, 'reboot', { type: 'HARD' })
        .set('idempotency-key', 'r');
      expect(reboot.status).toBe(202);
      const soft = admin.action(a.id, 'reboot', { type: 'SOFT' }).set('idempotency-key', 'r');
      expectProblem(await soft, 422, 'IDEMPOTENCY_KEY_REUSED');
      const elsewhere = admin.action(b.id, 'reboot', { type: 'HARD' }).set('idempotency-key', 'r');
      expectProblem(await elsewhere, 422, 'IDEMPOTENCY_KEY_REUSED');
      const stop = admin.action(a.id, 'stop').set('idempotency-key', 'r');
      expectProblem(await stop, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect((await admin.server(a.id)).status).toBe('ACTIVE');
      expect((await admin.history(b.id)).map((x) => x.action)).toEqual(['create']);
    });

    it('a retried snapshot returns the same image id and makes one image', async () => {
      const server = await admin.createServer();
      const body = { name: 'idem-snap' };
      const first = await admin.action(server.id, 'snapshot', body).set('idempotency-key', 's');
      const retry = await admin.action(server.id, 'snapshot', body).set('idempotency-key', 's');
      expect([first.status, retry.status]).toEqual([202, 202]);
      expect(retry.body).toEqual(first.body);
      const images = await admin.get('/images?name=idem-snap');
      expect(images.body.items).toHaveLength(1);
    });

    it('a retried delete answers 202 again after the server is gone', async () => {
      const server = await admin.createServer();
      const first = await admin.delete(`/servers/${server.id}`).set('idempotency-key', 'd');
      expect(first.status).toBe(202);
      const retry = await admin.delete(`/servers/${server.id}`).set('idempotency-key', 'd');
      expect(retry.status).toBe(202);
      expect(retry.body).toEqual(first.body);
      expectProblem(await admin.delete(`/servers/${server.id}`), 404, 'SERVER_NOT_FOUND');
    });

    it('a refused action is not remembered: the same key works once the state allows it', async () => {
      const server = await admin.createServer();
      const early = await admin.action(server.id, 'start').set('idempotency-key', 'start-later');
      expectProblem(early, 409, 'INVALID_STATE_TRANSITION');
      expect((await admin.action(server.id, 'stop')).status).toBe(202);
      const later = await admin.action(server.id, 'start').set('idempotency-key', 'start-later');
      expect(later.status).toBe(202);
      expect(later.body).toMatchObject({ status: 'SHUTOFF', taskState: 'powering-on' });
      expect(await admin.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
    });

    it('concurrent stops with one key: all get the one 202, one stop is recorded', async () => {
      const server = await admin.createServer();
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          admin.action(server.id, 'stop').set('idempotency-key', 'stop-race'),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(5).fill(202));
      for (const r of responses) expect(r.body).toEqual(responses[0].body);
      const stops = (await admin.history(server.id)).filter((a) => a.action === 'stop');
      expect(stops).toHaveLength(1);
    });
  });
});
