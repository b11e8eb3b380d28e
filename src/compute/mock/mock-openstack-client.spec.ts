import { CloudConflictError } from '../cloud-errors';
import type { EntitySubscriberInterface } from 'typeorm';
import type {
  CloudImage,
  CloudPage,
  CloudScope,
  CreateServerRequest,
  ListPosition,
} from '../cloud-records';
import { describeOpenStackClientContract } from '../openstack-client.contract';
import {
  MockImageEntity,
  MockInstanceActionEntity,
  SEED_IMAGES,
  SEED_NETWORKS,
} from '../../simulator';
import { imageRow, insertImages } from '../testing/image-rows';
import {
  createMockOpenStackTesting,
  type MockOpenStackTesting,
} from './testing/mock-openstack-testing';

const SCOPE: CloudScope = { projectId: 'project-a' };
const OTHER: CloudScope = { projectId: 'project-b' };
const CIRROS = SEED_IMAGES.cirros.id;
const request = (metadata: Record<string, string> = {}): CreateServerRequest => ({
  name: 'vm',
  imageId: CIRROS,
  flavorId: '1',
  metadata,
});

for (const latencyMs of [0, 1500]) {
  describeOpenStackClientContract(`MockOpenStackClient, latency ${latencyMs} ms`, async () => {
    const t = await createMockOpenStackTesting(latencyMs);
    return {
      client: t.client,
      advance: (ms) => Promise.resolve(t.clock.advance(ms)),
      teardown: t.close,
      scope: SCOPE,
      otherScope: OTHER,
      activeImageId: CIRROS,
      flavorId: '1',
      resizeFlavorId: '2',
      network: SEED_NETWORKS.private,
    };
  });
}

describe('MockOpenStackClient', () => {
  let t: MockOpenStackTesting;
  afterEach(() => t.close());

  describe('with latency 0', () => {
    beforeEach(async () => (t = await createMockOpenStackTesting(0)));

    it('joins transactions', () => {
      expect(t.client.joinsTransactions).toBe(true);
    });

    it('completes every action within the call', async () => {
      const now = t.clock.now();
      const server = await t.client.createServer(SCOPE, request());
      expect(server).toMatchObject({ status: 'ACTIVE', taskState: null, launchedAt: now });
      await t.client.stopServer(SCOPE, server.id);
      expect(await t.client.getServer(SCOPE, server.id)).toMatchObject({ status: 'SHUTOFF' });
      const imageId = await t.client.createServerImage(SCOPE, server.id, 'snap');
      expect(await t.client.getImage(SCOPE, imageId)).toMatchObject({
        status: 'active',
        sizeBytes: 21430272,
      });
    });

    it('lets mock:build-ms slow down one build', async () => {
      const server = await t.client.createServer(SCOPE, request({ 'mock:build-ms': '5000' }));
      expect(server.status).toBe('BUILD');
      t.clock.advance(4999);
      expect((await t.client.getServer(SCOPE, server.id)).status).toBe('BUILD');
      t.clock.advance(1);
      expect((await t.client.getServer(SCOPE, server.id)).status).toBe('ACTIVE');
      await t.client.stopServer(SCOPE, server.id);
      expect((await t.client.getServer(SCOPE, server.id)).status).toBe('SHUTOFF');
    });

    it('lists servers newest first, and only changed ones with changesSince', async () => {
      const first = await t.client.createServer(SCOPE, request());
      t.clock.advance(10);
      const since = t.clock.now();
      const second = await t.client.createServer(SCOPE, request());
      expect((await t.client.listServers(SCOPE)).map((s) => s.id)).toEqual([second.id, first.id]);
      const changed = await t.client.listServers(SCOPE, { changesSince: since });
      expect(changed.map((s) => s.id)).toEqual([second.id]);
    });

    it('lists public flavors smallest first', async () => {
      const flavors = await t.client.listFlavors();
      expect(flavors.map((f) => f.id)).toEqual(['1', '2', '3', '4']);
    });

    it('records a Nova instance action for each accepted action', async () => {
      const { id } = await t.client.createServer(SCOPE, request());
      await t.client.stopServer(SCOPE, id);
      await t.client.startServer(SCOPE, id);
      await t.client.rebootServer(SCOPE, id, 'HARD');
      await t.client.createServerImage(SCOPE, id, 'snap');
      await expect(t.client.startServer(SCOPE, id)).rejects.toBeInstanceOf(CloudConflictError);
      await t.client.deleteServer(SCOPE, id);
      const actions = await t.dataSource
        .getRepository(MockInstanceActionEntity)
        .find({ where: { serverId: id }, order: { startTime: 'ASC' } });
      expect(actions.map((a) => a.action)).toEqual([
        'create',
        'stop',
        'start',
        'reboot',
        'createImage',
        'delete',
      ]);
      for (const action of actions) {
        expect(action).toMatchObject({ projectId: 'project-a', serverId: id });
        expect(action.requestId).toMatch(/^req-[0-9a-f-]{36}$/);
      }
    });

    it('rolls back with the caller’s transaction', async () => {
      const attempt = t.txHost.withTransaction(async () => {
        const server = await t.client.createServer(SCOPE, request());
        await t.client.stopServer(SCOPE, server.id);
        expect(await t.client.listServers(SCOPE)).toHaveLength(1);
        throw new Error('caller failed');
      });
      await expect(attempt).rejects.toThrow('caller failed');
      expect(await t.client.listServers(SCOPE)).toEqual([]);
      expect(await t.dataSource.getRepository(MockInstanceActionEntity).count()).toBe(0);
    });

    it('commits with the caller’s transaction', async () => {
      const id = await t.txHost.withTransaction(async () => {
        const server = await t.client.createServer(SCOPE, request());
        await t.client.stopServer(SCOPE, server.id);
        return server.id;
      });
      expect(await t.client.getServer(SCOPE, id)).toMatchObject({ status: 'SHUTOFF' });
    });

    describe('called outside any transaction', () => {
      /** Makes the database refuse every write of kind `on` to mock_servers from now on. */
      const failServerWrites = (on: 'INSERT' | 'UPDATE') =>
        t.dataSource.query(
          `CREATE TRIGGER fail_server_${on.toLowerCase()} BEFORE ${on} ON mock_servers ` +
            "BEGIN SELECT RAISE(ABORT, 'injected server write failure'); END",
        );
      const instanceActions = () =>
        t.dataSource.getRepository(MockInstanceActionEntity).find({ order: { startTime: 'ASC' } });

      // The server row is written last, after the instance action (and a snapshot's
      // image): a failure there must take the earlier writes with it.
      it('creates all or nothing', async () => {
        await failServerWrites('INSERT');
        await expect(t.client.createServer(SCOPE, request())).rejects.toThrow(
          'injected server write failure',
        );
        expect(await instanceActions()).toEqual([]);
        expect(await t.client.listServers(SCOPE, { changesSince: new Date(0) })).toEqual([]);
      });

      it('acts all or nothing', async () => {
        const { id } = await t.client.createServer(SCOPE, request());
        t.clock.advance(1000); // so that each action changes the server row
        await failServerWrites('UPDATE');
        await expect(t.client.createServerImage(SCOPE, id, 'snap')).rejects.toThrow(
          'injected server write failure',
        );
        await expect(t.client.stopServer(SCOPE, id)).rejects.toThrow(
          'injected server write failure',
        );
        expect((await instanceActions()).map((a) => a.action)).toEqual(['create']);
        expect(
          await t.dataSource.getRepository(MockImageEntity).countBy({ sourceServerId: id }),
        ).toBe(0);
        expect(await t.client.getServer(SCOPE, id)).toMatchObject({
          status: 'ACTIVE',
          taskState: null,
        });
      });
    });

    it('answers ping', async () => {
      await expect(t.client.ping()).resolves.toBeUndefined();
    });

    describe('image pages', () => {
      const T0 = Date.parse('2030-01-01T00:00:00.000Z');
      let rows: MockImageEntity[];
      let expected: string[];
      /** Image rows the ORM loads from mock_images, counted by a subscriber. */
      let loaded: number;

      beforeEach(async () => {
        // 40 of the scope's images, three to a millisecond, under 40 newer private images of
        // another project: the scope sees the first 40 only.
        const own = Array.from({ length: 40 }, (_, i) =>
          imageRow({
            name: 'bulk',
            visibility: 'private',
            ownerProjectId: SCOPE.projectId,
            createdAt: new Date(T0 + Math.floor(i / 3)),
          }),
        );
        const others = Array.from({ length: 40 }, (_, i) =>
          imageRow({
            name: 'bulk',
            visibility: 'private',
            ownerProjectId: OTHER.projectId,
            createdAt: new Date(T0 + 1_000 + i),
          }),
        );
        rows = await insertImages(t.dataSource, own);
        expected = rows.map((row) => row.id);
        await insertImages(t.dataSource, others);
        loaded = 0;
        const counter: EntitySubscriberInterface<MockImageEntity> = {
          listenTo: () => MockImageEntity,
          afterLoad: () => void (loaded += 1),
        };
        t.dataSource.subscribers.push(counter);
      });

      const ids = (page: CloudPage<CloudImage>) => page.items.map((image) => image.id);

      it('reads limit + 1 rows per page from the table, whatever its size', async () => {
        const first = await t.client.listImages(SCOPE, { name: 'bulk' }, { limit: 5 });
        expect(ids(first)).toEqual(expected.slice(0, 5));
        expect(loaded).toBe(6);
        loaded = 0;
        const second = await t.client.listImages(
          SCOPE,
          { name: 'bulk' },
          { limit: 5, after: first.next! },
        );
        expect(ids(second)).toEqual(expected.slice(5, 10));
        expect(loaded).toBe(6);
      });

      it('continues strictly after the position, in (createdAt, id) order', async () => {
        const walked: string[] = [];
        let after: ListPosition | undefined;
        do {
          const page = await t.client.listImages(SCOPE, { name: 'bulk' }, { limit: 7, after });
          walked.push(...ids(page));
          after = page.next ?? undefined;
        } while (after);
        expect(walked).toEqual(expected);
        // A position between two rows of one millisecond (the oldest three), as a deleted
        // row's would be: the row with the smaller id comes next.
        const [, second, third] = rows.slice(-3);
        const position = { createdAt: second.createdAt, id: `${second.id}0` };
        const page = await t.client.listImages(
          SCOPE,
          { name: 'bulk' },
          { limit: 2, after: position },
        );
        expect(ids(page)).toEqual([second.id, third.id]);
      });
    });
  });

  describe('with latency 1000 ms', () => {
    beforeEach(async () => (t = await createMockOpenStackTesting(1000)));

    it('completes a build lazily, dated at its due time', async () => {
      const created = await t.client.createServer(SCOPE, request());
      expect(created).toMatchObject({ status: 'BUILD', taskState: 'spawning', launchedAt: null });
      t.clock.advance(999);
      expect((await t.client.getServer(SCOPE, created.id)).status).toBe('BUILD');
      t.clock.advance(5001);
      const active = await t.client.getServer(SCOPE, created.id);
      const dueAt = new Date(created.createdAt.getTime() + 1000);
      expect(active).toMatchObject({ status: 'ACTIVE', taskState: null, launchedAt: dueAt });
      expect(active.updatedAt).toEqual(dueAt);
    });

    it('shows each action’s transitional state until it is due', async () => {
      const { id } = await t.client.createServer(SCOPE, request());
      t.clock.advance(1000);
      // No read in between: the action settles the due build itself.
      await t.client.stopServer(SCOPE, id);
      expect(await t.client.getServer(SCOPE, id)).toMatchObject({
        status: 'ACTIVE',
        taskState: 'powering-off',
      });
      t.clock.advance(1000);
      await t.client.rebootServer(SCOPE, id, 'HARD');
      expect(await t.client.getServer(SCOPE, id)).toMatchObject({
        status: 'SHUTOFF',
        taskState: 'rebooting_hard',
      });
      t.clock.advance(1000);
      await t.client.rebootServer(SCOPE, id, 'SOFT');
      expect(await t.client.getServer(SCOPE, id)).toMatchObject({
        status: 'REBOOT',
        taskState: 'rebooting',
      });
      await t.client.rebootServer(SCOPE, id, 'HARD');
      expect((await t.client.getServer(SCOPE, id)).status).toBe('HARD_REBOOT');
      t.clock.advance(1000);
      expect(await t.client.getServer(SCOPE, id)).toMatchObject({
        status: 'ACTIVE',
        taskState: null,
      });
    });

    it('refuses actions during a task with Nova’s task_state 409', async () => {
      const { id } = await t.client.createServer(SCOPE, request());
      await expect(t.client.createServerImage(SCOPE, id, 'snap')).rejects.toThrow(
        `Cannot 'createImage' instance ${id} while it is in vm_state building`,
      );
      t.clock.advance(1000);
      await t.client.stopServer(SCOPE, id);
      await expect(t.client.stopServer(SCOPE, id)).rejects.toThrow(
        `Cannot 'stop' instance ${id} while it is in task_state powering-off`,
      );
      await expect(t.client.rebootServer(SCOPE, id, 'SOFT')).rejects.toBeInstanceOf(
        CloudConflictError,
      );
    });

    it('takes a snapshot queued, then active, private to the project', async () => {
      const { id } = await t.client.createServer(SCOPE, request());
      t.clock.advance(1000);
      const imageId = await t.client.createServerImage(SCOPE, id, 'snap', { purpose: 'backup' });
      expect(await t.client.getServer(SCOPE, id)).toMatchObject({
        status: 'ACTIVE',
        taskState: 'image_snapshot',
      });
      expect(await t.client.getImage(SCOPE, imageId)).toMatchObject({
        status: 'queued',
        sizeBytes: null,
        visibility: 'private',
        ownerProjectId: 'project-a',
      });
      t.clock.advance(1000);
      expect((await t.client.getImage(SCOPE, imageId)).status).toBe('active');
      expect((await t.client.getServer(SCOPE, id)).taskState).toBeNull();
      const row = await t.dataSource.query<{ properties: string }[]>(
        'SELECT properties FROM mock_images WHERE id = ?',
        [imageId],
      );
      expect(JSON.parse(row[0].properties)).toEqual({
        purpose: 'backup',
        image_type: 'snapshot',
        instance_uuid: id,
        base_image_ref: CIRROS,
      });
      const listed = await t.client.listImages(OTHER, {}, { limit: 200 });
      expect(listed.items.map((i) => i.id)).not.toContain(imageId);
    });

    it('treats a second delete as a no-op and kills an interrupted snapshot', async () => {
      const { id } = await t.client.createServer(SCOPE, request());
      t.clock.advance(1000);
      const imageId = await t.client.createServerImage(SCOPE, id, 'snap');
      await t.client.deleteServer(SCOPE, id);
      await t.client.deleteServer(SCOPE, id);
      expect(await t.client.getServer(SCOPE, id)).toMatchObject({ taskState: 'deleting' });
      expect((await t.client.getImage(SCOPE, imageId)).status).toBe('killed');
      t.clock.advance(1000);
      await expect(t.client.getServer(SCOPE, id)).rejects.toThrow(
        `Instance ${id} could not be found.`,
      );
      expect((await t.client.getImage(SCOPE, imageId)).status).toBe('killed');
      const deletes = await t.dataSource
        .getRepository(MockInstanceActionEntity)
        .countBy({ serverId: id, action: 'delete' });
      expect(deletes).toBe(1);
    });
  });
});
