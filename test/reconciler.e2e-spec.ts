import { DataSource } from 'typeorm';
import { newId } from '../src/common/ids';
import { OpenStackClient } from '../src/compute/openstack-client';
import { ServerActionEntity } from '../src/servers/server-action.entity';
import { ServerEntity } from '../src/servers/server.entity';
import { INTENT_GRACE_MS, INVENTORY_TAG } from '../src/servers/server-sync';
import { Api, IMAGES } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

const IDLE_MS = 1000;

describe('reconciler (simulator with 1 s transitions)', () => {
  let t: TestApp;
  let api: Api;
  let cloud: OpenStackClient;

  beforeAll(async () => {
    // Ticks are driven by the tests; a settled project is asked again after 1 s.
    t = await createTestApp({
      MOCK_OPENSTACK_LATENCY_MS: '1000',
      RECONCILE_IDLE_INTERVAL_MS: String(IDLE_MS),
    });
    api = new Api(t);
    cloud = t.app.get(OpenStackClient);
  });
  afterAll(() => t.close());

  /**
   * What a create's first transaction leaves behind (the inventory row, in BUILD with
   * its intent recorded, and a pending create) when its request dies before the
   * outcome is recorded.
   */
  async function recordCreateIntent(projectId: string, name: string): Promise<ServerEntity> {
    const now = t.clock.now();
    const row: ServerEntity = {
      id: newId(),
      projectId,
      cloudId: null,
      name,
      status: 'BUILD',
      taskState: 'scheduling',
      transitional: true,
      flavorId: '1',
      imageId: IMAGES.cirros,
      metadata: {},
      addresses: {},
      fault: null,
      keyName: null,
      accessIpv4: null,
      accessIpv6: null,
      createdAt: now,
      updatedAt: now,
      launchedAt: null,
      deletedAt: null,
      lockedBy: null,
      tags: [],
      intentAt: now,
      version: 1,
    };
    const db = t.app.get(DataSource);
    await db.getRepository(ServerEntity).insert(row);
    await db.getRepository(ServerActionEntity).insert({
      id: newId(),
      serverId: row.id,
      projectId,
      action: 'create',
      status: 'pending',
      requestId: `req-${row.id}`,
      startedAt: now,
      finishedAt: null,
      error: null,
    });
    return row;
  }

  const storedRow = (id: string) =>
    t.app.get(DataSource).getRepository(ServerEntity).findOneBy({ id });
  const storedHistory = (id: string) =>
    t.app.get(DataSource).getRepository(ServerActionEntity).findBy({ serverId: id });

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
    expect(servers.map((s) => s.status)).toEqual(servers.map(() => 'BUILD'));

    t.clock.advance(1000);
    const report = await t.reconciler.tick();
    expect(report.cloudCalls).toBe(2);
    expect(report.updated).toBe(15);

    const page = await blue.listServers('limit=200');
    expect(page.items.map((s) => [s.status, s.taskState])).toEqual(
      Array(12).fill(['ACTIVE', null]),
    );
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
    // Nothing of the project is in transition: it is not asked again before its idle
    // interval is over...
    expect(await t.reconciler.tick()).toMatchObject({ cloudCalls: 0, updated: 0 });
    expect(await member.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
    t.clock.advance(IDLE_MS);

    // ...and then it is (with the other idle projects of this file), deletions included.
    expect((await t.reconciler.tick()).updated).toBe(1);
    expect((await member.get(`/servers/${server.id}`)).status).toBe(404);
  });

  it('notices a server stopped outside this API', async () => {
    const member = await api.as('rec-stop');
    const server = await member.createServer({ name: 'stopped-elsewhere' });
    t.clock.advance(1000);
    await t.reconciler.tick();

    const [cloudServer] = await cloud.listServers({ projectId: 'rec-stop' });
    await cloud.stopServer({ projectId: 'rec-stop' }, cloudServer.id);
    t.clock.advance(IDLE_MS / 2);
    expect(await t.reconciler.tick()).toMatchObject({ cloudCalls: 0 });
    expect(await member.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
    t.clock.advance(IDLE_MS / 2);
    expect((await t.reconciler.tick()).updated).toBe(1);

    const page = await member.listServers();
    expect(page.items.map((s) => [s.id, s.status, s.taskState])).toEqual([
      [server.id, 'SHUTOFF', null],
    ]);
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

  it('adopts the cloud server of a create whose request died after the cloud accepted it', async () => {
    const member = await api.as('rec-adopt');
    const row = await recordCreateIntent('rec-adopt', 'adopted');
    // The cloud accepted the create, tagged with the row's id; the outcome was never recorded.
    const created = await cloud.createServer(
      { projectId: 'rec-adopt' },
      {
        name: 'adopted',
        imageId: IMAGES.cirros,
        flavorId: '1',
        metadata: { [INVENTORY_TAG]: row.id },
      },
    );
    t.clock.advance(1000);

    // While its intent is fresh the request may still report back: the row is left alone.
    await t.reconciler.tick();
    expect(await member.server(row.id)).toMatchObject({ status: 'BUILD', taskState: 'scheduling' });

    t.clock.advance(INTENT_GRACE_MS);
    await t.reconciler.tick();
    expect(await member.server(row.id)).toMatchObject({
      id: row.id,
      name: 'adopted',
      status: 'ACTIVE',
      taskState: null,
    });
    expect(await storedRow(row.id)).toMatchObject({ cloudId: created.id, intentAt: null });
    expect((await member.history(row.id)).map((a) => [a.action, a.status])).toEqual([
      ['create', 'succeeded'],
    ]);

    // It is that cloud server, kept: actions through the API reach it.
    expect((await t.reconciler.tick()).cleaned).toBe(0);
    expect((await member.action(row.id, 'stop')).status).toBe(202);
    t.clock.advance(1000);
    expect(await member.server(row.id)).toMatchObject({ status: 'SHUTOFF', taskState: null });
    expect(await cloud.getServer({ projectId: 'rec-adopt' }, created.id)).toMatchObject({
      status: 'SHUTOFF',
    });
  });

  it('writes off a create that never reached the cloud, once its grace period is over', async () => {
    const member = await api.as('rec-orphan');
    const row = await recordCreateIntent('rec-orphan', 'orphan');

    t.clock.advance(INTENT_GRACE_MS - 1);
    await t.reconciler.tick();
    expect(await member.server(row.id)).toMatchObject({ status: 'BUILD', taskState: 'scheduling' });

    t.clock.advance(2);
    await t.reconciler.tick();
    expect((await member.get(`/servers/${row.id}`)).status).toBe(404);
    expect((await member.listServers()).items).toEqual([]);
    expect(await storedRow(row.id)).toMatchObject({
      cloudId: null,
      taskState: null,
      transitional: false,
      intentAt: null,
      deletedAt: t.clock.now(),
    });
    expect(await storedHistory(row.id)).toEqual([
      expect.objectContaining({ action: 'create', status: 'failed', error: expect.any(String) }),
    ]);

    // Should the create reach the cloud after all, its server is deleted, not adopted.
    await cloud.createServer(
      { projectId: 'rec-orphan' },
      {
        name: 'orphan',
        imageId: IMAGES.cirros,
        flavorId: '1',
        metadata: { [INVENTORY_TAG]: row.id },
      },
    );
    t.clock.advance(1000);
    expect((await t.reconciler.tick()).cleaned).toBe(1);
    t.clock.advance(1000);
    expect(await cloud.listServers({ projectId: 'rec-orphan' })).toEqual([]);
    expect((await member.get(`/servers/${row.id}`)).status).toBe(404);
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
