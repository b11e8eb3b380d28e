import { DataSource } from 'typeorm';
import { OpenStackClient } from '../src/compute/openstack-client';
import { ServerEntity } from '../src/servers/server.entity';
import { Api } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

describe('reconciler (simulator with 1 s transitions)', () => {
  let t: TestApp;
  let api: Api;
  let cloud: OpenStackClient;

  beforeAll(async () => {
    t = await createTestApp({ MOCK_OPENSTACK_LATENCY_MS: '1000' });
    api = new Api(t);
    cloud = t.app.get(OpenStackClient);
  });
  afterAll(() => t.close());

  it('makes one cloud call per project per tick, however many servers are in transition', async () => {
    const blue = await api.as('rec-blue');
    const green = await api.as('rec-green');
    const servers = [
      ...(await Promise.all(
        Array.from({ length: 12 }, (_, i) => blue.createServer({ name: `b${i}` })),
      )),
      ...(await Promise.all(
        Array.from({ length: 3 }, (_, i) => green.createServer({ name: `g${i}` })),
      )),
    ];
    expect(servers.every((s) => s.status === 'BUILD')).toBe(true);

    t.clock.advance(1000);
    const report = await t.reconciler.tick();
    expect(report.cloudCalls).toBe(2);
    expect(report.updated).toBe(15);

    const page = await blue.listServers('limit=200');
    expect(page.items.map((s) => s.status)).toEqual(Array(12).fill('ACTIVE'));
    const history = await blue.history(servers[0].id);
    expect(history.map((a) => [a.action, a.status])).toEqual([['create', 'succeeded']]);
  });

  it('notices a server deleted outside this API', async () => {
    const member = await api.as('rec-oob');
    const server = await member.createServer({ name: 'oob' });
    t.clock.advance(1000);
    await t.reconciler.tick();
    expect((await member.server(server.id)).status).toBe('ACTIVE');

    // Someone deletes it straight in the cloud.
    const [cloudServer] = (await cloud.listServers({ projectId: 'rec-oob' })).filter(
      (s) => s.metadata['vm-lifecycle:server-id'] === server.id,
    );
    await cloud.deleteServer({ projectId: 'rec-oob' }, cloudServer.id);
    t.clock.advance(1000);

    await t.reconciler.tick();
    expect((await member.get(`/servers/${server.id}`)).status).toBe(404);
  });

  it('notices a server stopped outside this API', async () => {
    const member = await api.as('rec-stop');
    const server = await member.createServer({ name: 'stopped-elsewhere' });
    t.clock.advance(1000);
    await t.reconciler.tick();

    const [cloudServer] = await cloud.listServers({ projectId: 'rec-stop' });
    await cloud.stopServer({ projectId: 'rec-stop' }, cloudServer.id);
    t.clock.advance(1000);
    await t.reconciler.tick();

    const page = await member.listServers();
    expect(page.items.map((s) => [s.id, s.status])).toEqual([[server.id, 'SHUTOFF']]);
  });

  it('deletes the cloud server of a create it wrote off, and leaves unknown tags alone', async () => {
    const member = await api.as('rec-cleanup');
    const lost = await member.createServer({ name: 'written-off' });
    const kept = await member.createServer({ name: 'someone-elses' });
    t.clock.advance(1000);
    await t.reconciler.tick();
    // As after a create whose outcome was lost: the inventory gave the row up...
    await t.app
      .get(DataSource)
      .getRepository(ServerEntity)
      .update({ id: lost.id }, { deletedAt: t.clock.now(), status: 'ERROR' });
    // ...and a server tagged by another deployment sharing the project.
    await t.app.get(DataSource).getRepository(ServerEntity).delete({ id: kept.id });
    t.clock.advance(1000);

    const report = await t.reconciler.tick();
    expect(report.cleaned).toBe(1);
    t.clock.advance(1000);
    const left = await cloud.listServers({ projectId: 'rec-cleanup' });
    expect(left.map((s) => s.metadata['vm-lifecycle:server-id'])).toEqual([kept.id]);
    expect((await t.reconciler.tick()).cleaned).toBe(0);
  });

  it('does nothing and asks nothing when no server exists', async () => {
    const fresh = await createTestApp();
    try {
      expect(await fresh.reconciler.tick()).toEqual({ cloudCalls: 0, updated: 0, cleaned: 0 });
    } finally {
      await fresh.close();
    }
  });
});
