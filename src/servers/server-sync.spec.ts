import type { CloudServer } from '../compute/cloud-records';
import {
  createMockOpenStackTesting,
  type MockOpenStackTesting,
} from '../compute/mock/testing/mock-openstack-testing';
import { ServerActionEntity } from './server-action.entity';
import type { ServerEntity } from './server.entity';
import { ServerStore } from './server-store';
import { ServerSync } from './server-sync';

/** ServerSync on a real database (the simulator's testing kit brings one). */
describe('ServerSync', () => {
  let sim: MockOpenStackTesting;
  let store: ServerStore;
  let sync: ServerSync;

  beforeAll(async () => {
    sim = await createMockOpenStackTesting();
    store = new ServerStore(sim.txHost, sim.clock);
    sync = new ServerSync(store, sim.clock);
  });
  afterAll(() => sim.close());

  let n = 0;
  async function serverRow(changes: Partial<ServerEntity>): Promise<ServerEntity> {
    n += 1;
    const row = {
      id: `0c000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
      projectId: 'p',
      cloudId: `cloud-${n}`,
      name: 'vm',
      status: 'ACTIVE',
      taskState: null,
      transitional: false,
      flavorId: '2',
      imageId: 'img',
      metadata: {},
      fault: null,
      createdAt: sim.clock.now(),
      updatedAt: sim.clock.now(),
      launchedAt: sim.clock.now(),
      deletedAt: null,
      lockedBy: null,
      keyName: null,
      accessIpv4: null,
      accessIpv6: null,
      addresses: {},
      tags: [],
      intentAt: null,
      version: 1,
      ...changes,
    };
    await sim.dataSource.getRepository('ServerEntity').insert(row);
    return row;
  }

  const cloud = (row: ServerEntity, status: string, taskState: string | null): CloudServer => ({
    id: row.cloudId!,
    name: row.name,
    status,
    taskState,
    flavorId: '2',
    imageId: 'img',
    metadata: {},
    fault: null,
    locked: false,
    keyName: null,
    accessIpv4: null,
    accessIpv6: null,
    addresses: {},
    tags: [],
    createdAt: row.createdAt,
    updatedAt: sim.clock.now(),
    launchedAt: row.launchedAt,
  });

  const pending = async (row: ServerEntity) =>
    (await sim.dataSource.getRepository(ServerActionEntity).findBy({ serverId: row.id })).map(
      (a) => `${a.action}:${a.status}`,
    );

  it('follows a confirmed resize that Nova finishes after answering, until it has', async () => {
    // What the confirm request leaves: the task it expects, its pending history entry.
    const row = await serverRow({
      status: 'VERIFY_RESIZE',
      taskState: 'resize_confirming',
      transitional: true,
    });
    await store.addAction(row, 'confirm-resize', 'req-1');
    // Nova accepted it, but still shows VERIFY_RESIZE with no task.
    const waiting = await sync.apply(row, cloud(row, 'VERIFY_RESIZE', null), true);
    expect(waiting).toMatchObject({ status: 'VERIFY_RESIZE', taskState: null, transitional: true });
    expect(await pending(row)).toEqual(['confirm-resize:pending']);
    // A later refresh still sees it waiting: the row stays followed.
    const still = await sync.apply(waiting, cloud(row, 'VERIFY_RESIZE', null));
    expect(still.transitional).toBe(true);
    // Nova finished.
    const done = await sync.apply(still, cloud(row, 'ACTIVE', null));
    expect(done).toMatchObject({ status: 'ACTIVE', transitional: false });
    expect(await pending(row)).toEqual(['confirm-resize:succeeded']);
  });

  it('takes VERIFY_RESIZE with no task as settled when nothing is pending (a resize waiting for the user)', async () => {
    const row = await serverRow({
      status: 'RESIZE',
      taskState: 'resize_finish',
      transitional: true,
    });
    await store.addAction(row, 'resize', 'req-2');
    const verify = await sync.apply(row, cloud(row, 'VERIFY_RESIZE', null));
    expect(verify).toMatchObject({ status: 'VERIFY_RESIZE', transitional: false });
    expect(await pending(row)).toEqual(['resize:succeeded']);
  });
});
