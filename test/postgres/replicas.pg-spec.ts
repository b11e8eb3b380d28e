import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Api, expectProblem, IMAGES, type ServerBody } from '../support/api';
import { ADMIN_KEY } from '../support/test-app';
import { Lease } from '../../src/common/uow/lease';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Two API replicas on one PostgreSQL database, as in a scaled-out deployment: no state
 * lives in a process, so whatever one replica does, the other sees and respects.
 * (Runs in `npm run test:postgres` only: SQLite :memory: cannot be shared.)
 */
describe('two replicas on one PostgreSQL database', () => {
  let a: TestApp;
  let b: TestApp;
  let onA: Api;
  let onB: Api;

  beforeAll(async () => {
    a = await createTestApp();
    expect(a.databaseEnv.DATABASE_URL).toMatch(/^postgres/);
    b = await createTestApp(a.databaseEnv);
    onA = new Api(a);
    onB = new Api(b);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a server created on one replica is read and acted on from the other', async () => {
    const server = await onA.createServer({ name: 'shared' });
    expect(await onB.server(server.id)).toMatchObject({ id: server.id, name: 'shared' });
    await onB.action(server.id, 'stop').expect(202);
    expect((await onA.server(server.id)).status).toBe('SHUTOFF');
  });

  it('parallel stops spread over both replicas: exactly one wins', async () => {
    const server = await onA.createServer({ name: 'race' });
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? onB : onA).action(server.id, 'stop')),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 409, 409, 409, 409, 409]);
    for (const r of responses.filter((x) => x.status === 409)) {
      expectProblem(r, 409, 'INVALID_STATE_TRANSITION');
    }
    const stops = (await onB.history(server.id)).filter((h) => h.action === 'stop');
    expect(stops).toHaveLength(1);
  });

  it('both replicas refreshing one server at once both answer', async () => {
    const server = await onA.createServer({ name: 'refreshed-twice' });
    for (const action of ['stop', 'start', 'reboot', 'stop', 'start']) {
      await onA.action(server.id, action).expect(202);
      // Each replica refreshes the server in transition and writes what the cloud said.
      const reads = await Promise.all(
        [onA, onB, onA, onB].map((api) => api.get(`/servers/${server.id}`)),
      );
      expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    }
  });

  it('one Idempotency-Key used on both replicas at once creates one server', async () => {
    const body = { name: 'idem-replicas', imageId: IMAGES.cirros, flavorId: '1' };
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? onB : onA).post('/servers', body).set('idempotency-key', 'across-replicas'),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(202));
    const ids = new Set(responses.map((r) => (r.body as ServerBody).id));
    expect(ids.size).toBe(1);
    const listed = (await onA.listServers('name=idem-replicas')).items;
    expect(listed).toHaveLength(1);
  });

  it('a key revoked on one replica stops working on the other at once', async () => {
    const minted = await onA.post('/admin/api-keys', {
      projectId: 'replicas',
      role: 'member',
      name: 'short-lived',
    });
    expect(minted.status).toBe(201);
    const member = new Api(b, (minted.body as { key: string }).key);
    await member.get('/servers').expect(200);
    await onB.delete(`/admin/api-keys/${(minted.body as { id: string }).id}`).expect(204);
    expectProblem(await new Api(a, member.key).get('/servers'), 401, 'UNAUTHENTICATED');
  });

  it('image data uploaded through one replica is served by the other; of two uploads at once, one wins', async () => {
    const created = await onA.post('/images', {
      name: 'replicated',
      diskFormat: 'raw',
      containerFormat: 'bare',
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const data = randomBytes(3 * 1024 * 1024 + 5);
    const put = (api: Api) =>
      api
        .call('put', `/images/${id}/file`)
        .set('content-type', 'application/octet-stream')
        .send(data);
    const [first, second] = await Promise.all([put(onA), put(onB)]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect((await onB.get(`/images/${id}`)).body).toMatchObject({
      status: 'active',
      sizeBytes: data.length,
    });
    // Downloaded from the other replica's Glance: every chunk is in the shared database.
    const auth = await request(b.http)
      .post('/identity/v3/auth/tokens')
      .send({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', domain: { name: 'Default' }, password: ADMIN_KEY } },
          },
          scope: { project: { name: 'admin', domain: { name: 'Default' } } },
        },
      });
    expect(auth.status).toBe(201);
    const file = await request(b.http)
      .get(`/image/v2/images/${id}/file`)
      .set('x-auth-token', auth.headers['x-subject-token'])
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect((file.body as Buffer).equals(data)).toBe(true);
  });

  it('runs one reconciler pass at a time across replicas', async () => {
    const server = await onA.createServer({ name: 'reconciled' });
    // A stop leaves the server in transition (no read-back), so its project is due.
    await onA.action(server.id, 'stop').expect(202);
    // While replica B holds the reconciler's lease, replica A's tick does nothing...
    const whileHeld = await b.app.get(Lease).run('reconciler', () => a.reconciler.tick());
    expect(whileHeld).toEqual({ cloudCalls: 0, updated: 0, cleaned: 0 });
    // ...and once B lets go, A's tick asks the cloud again.
    expect((await a.reconciler.tick()).cloudCalls).toBeGreaterThan(0);
  });
});
