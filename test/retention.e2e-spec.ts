import { DataSource, IsNull, Not } from 'typeorm';
import { IdempotencyKeyEntity } from '../src/servers/idempotency-key.entity';
import { ServerActionEntity } from '../src/servers/server-action.entity';
import { ServerEntity } from '../src/servers/server.entity';
import { RETENTION_BATCH, RetentionService } from '../src/retention/retention.service';
import { MockServerEntity, MockServerGroupMemberEntity } from '../src/simulator';
import { Api, IMAGES } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

const HOUR = 3600_000;

describe('Retention', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    // The default retention of deleted servers (168 h), which the cloud app of e2e-real has too.
    t = await createTestApp();
    admin = new Api(t);
  });
  afterAll(() => t.close());

  const db = () => t.app.get(DataSource);
  const cloudDb = () => t.cloudApp.get(DataSource);
  /** The service's pass, and the cloud's own when the cloud is a second app. */
  const prune = async () => {
    const report = await t.app.get(RetentionService).prune();
    if (t.cloudApp !== t.app) await t.cloudApp.get(RetentionService).prune();
    return report;
  };

  async function createAndDelete(api: Api, name: string): Promise<ServerEntity> {
    const server = await api.createServer({ name });
    expect((await api.delete(`/servers/${server.id}`)).status).toBe(202);
    t.clock.advance(1_000);
    expect((await api.get(`/servers/${server.id}`)).status).toBe(404);
    return db().getRepository(ServerEntity).findOneByOrFail({ id: server.id });
  }

  it('forgets an Idempotency-Key after 24 hours: the same key then starts a new request', async () => {
    const api = await admin.as('retention-idem');
    const body = { name: 'idem-a', imageId: IMAGES.cirros, flavorId: '1' };
    const first = await api.post('/servers', body).set('idempotency-key', 'k-24h');
    expect(first.status).toBe(202);
    t.clock.advance(24 * HOUR - 1_000);
    const reused = await api
      .post('/servers', { ...body, name: 'idem-b' })
      .set('idempotency-key', 'k-24h');
    expect(reused.status).toBe(422);
    t.clock.advance(2_000);
    const fresh = await api
      .post('/servers', { ...body, name: 'idem-b' })
      .set('idempotency-key', 'k-24h');
    expect(fresh.status).toBe(202);
    expect((fresh.body as { id: string }).id).not.toBe((first.body as { id: string }).id);
  });

  it('prunes expired keys and long-deleted servers with their history, and nothing else', async () => {
    const api = await admin.as('retention-servers');
    const old = await createAndDelete(api, 'old');
    const oldCloudId = old.cloudId!;
    await api
      .post('/servers', { name: 'k', imageId: IMAGES.cirros, flavorId: '1' })
      .set('idempotency-key', 'old-key');
    t.clock.advance(169 * HOUR);
    const recent = await createAndDelete(api, 'recent');
    const live = await api.createServer({ name: 'live' });
    await api
      .post('/servers', { name: 'k2', imageId: IMAGES.cirros, flavorId: '1' })
      .set('idempotency-key', 'new-key');

    // Both servers were in a server group (of the OpenStack API).
    const members = cloudDb().getRepository(MockServerGroupMemberEntity);
    for (const serverId of [oldCloudId, recent.cloudId!]) {
      await members.insert({ groupId: 'a-server-group', serverId });
    }

    const report = await prune();
    expect(report).toMatchObject({ servers: expect.any(Number) });
    expect(report!.servers).toBeGreaterThanOrEqual(1);

    const servers = db().getRepository(ServerEntity);
    expect(await servers.findOneBy({ id: old.id })).toBeNull();
    expect(await db().getRepository(ServerActionEntity).countBy({ serverId: old.id })).toBe(0);
    expect(await servers.findOneBy({ id: recent.id })).not.toBeNull();
    expect(await db().getRepository(ServerActionEntity).countBy({ serverId: recent.id })).toBe(2);
    expect((await api.server(live.id)).name).toBe('live');
    expect(await api.history(live.id)).toHaveLength(1);

    const keys = db().getRepository(IdempotencyKeyEntity);
    expect(await keys.findOneBy({ projectId: 'retention-servers', key: 'old-key' })).toBeNull();
    expect(await keys.findOneBy({ projectId: 'retention-servers', key: 'new-key' })).not.toBeNull();

    // The simulated cloud forgot the old deleted server, not the recent one.
    const cloud = cloudDb().getRepository(MockServerEntity);
    expect(await cloud.findOneBy({ id: oldCloudId })).toBeNull();
    expect(await cloud.findOneBy({ id: recent.cloudId! })).not.toBeNull();
    expect(await members.findOneBy({ serverId: oldCloudId })).toBeNull();
    expect(await members.findOneBy({ serverId: recent.cloudId! })).not.toBeNull();
  });

  it('works through more rows than one batch', async () => {
    const rows = Array.from({ length: RETENTION_BATCH * 2 + 17 }, (_, i) => ({
      id: `0b000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      projectId: 'retention-bulk',
      cloudId: null,
      name: `bulk-${i}`,
      status: 'DELETED',
      taskState: null,
      transitional: false,
      flavorId: '1',
      imageId: IMAGES.cirros,
      metadata: {},
      fault: null,
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
      launchedAt: null,
      deletedAt: t.clock.now(),
      lockedBy: null,
      keyName: null,
      addresses: {},
      tags: [],
      intentAt: null,
      version: 1,
    }));
    const servers = db().getRepository(ServerEntity);
    for (let i = 0; i < rows.length; i += 100) await servers.insert(rows.slice(i, i + 100));
    t.clock.advance(168 * HOUR + 1);
    const report = await prune();
    expect(report!.servers).toBeGreaterThanOrEqual(rows.length);
    expect(await servers.countBy({ projectId: 'retention-bulk' })).toBe(0);
    expect(await servers.countBy({ deletedAt: Not(IsNull()), projectId: 'retention-bulk' })).toBe(
      0,
    );
  });
});
