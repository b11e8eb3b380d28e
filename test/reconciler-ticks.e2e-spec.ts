import { DataSource } from 'typeorm';
import { ReconcileMarkEntity } from '../src/servers/reconcile-mark.entity';
import { Api } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

const TICK_MS = 60_000;

// The reconciler as it runs by default: ticks keep the inventory fresh, one changes-since
// call per busy project, with marks shared by every replica. The ticks are driven by the
// tests (an interval of a minute never fires by itself here).
describe('reconciler ticks (simulator with 1 s transitions)', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp({
      MOCK_OPENSTACK_LATENCY_MS: '1000',
      RECONCILE_INTERVAL_MS: String(TICK_MS),
    });
    admin = new Api(t);
  });
  afterAll(() => t.close());

  const marks = () => t.app.get(DataSource).getRepository(ReconcileMarkEntity);
  const markOf = async (projectId: string) =>
    (await marks().findOneBy({ projectId }))?.checkedAt.toISOString() ?? null;

  it('asks once per busy project, however many of its servers move', async () => {
    const red = await admin.as('ticks-red');
    const blue = await admin.as('ticks-blue');
    const servers = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => red.createServer({ name: `red-${i}` })),
      ...Array.from({ length: 3 }, (_, i) => blue.createServer({ name: `blue-${i}` })),
    ]);
    // Reads do not refresh: the ticks do.
    t.clock.advance(1_000);
    expect((await red.server(servers[0].id)).status).toBe('BUILD');

    expect(await t.reconciler.tick()).toMatchObject({ cloudCalls: 2, updated: 7 });
    expect(await markOf('ticks-red')).toBe(t.clock.now().toISOString());
    for (const server of servers) {
      const api = server.projectId === 'ticks-red' ? red : blue;
      expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
    }
    // Nothing moves any more: nothing is asked until the idle interval is over.
    t.clock.advance(1_000);
    expect(await t.reconciler.tick()).toMatchObject({ cloudCalls: 0 });
  });

  it('skips a busy project another replica asked about within the last half tick', async () => {
    const api = await admin.as('ticks-replica');
    const server = await api.createServer({ name: 'shared' });
    t.clock.advance(1_000);
    // Another replica's tick just asked (after the server's last change)...
    const theirs = t.clock.now();
    await marks().save({ projectId: 'ticks-replica', checkedAt: theirs });
    t.clock.advance(TICK_MS / 2 - 1);
    await t.reconciler.tick();
    expect(await markOf('ticks-replica')).toBe(theirs.toISOString());
    expect((await api.server(server.id)).status).toBe('BUILD');
    // ...and half a tick later it is this replica's turn.
    t.clock.advance(1);
    await t.reconciler.tick();
    expect(await markOf('ticks-replica')).toBe(t.clock.now().toISOString());
    expect((await api.server(server.id)).status).toBe('ACTIVE');
  });

  it('stops following a project an hour after its last server went', async () => {
    const api = await admin.as('ticks-gone');
    const server = await api.createServer({ name: 'short-lived' });
    t.clock.advance(1_000);
    await t.reconciler.tick();
    expect((await api.delete(`/servers/${server.id}`)).status).toBe(202);
    t.clock.advance(1_000);
    await t.reconciler.tick();
    expect((await api.get(`/servers/${server.id}`)).status).toBe(404);
    expect(await markOf('ticks-gone')).not.toBeNull();

    // Idle checks go on for an hour (a written-off create's cloud server would be found)...
    t.clock.advance(30 * 60_000);
    await t.reconciler.tick();
    expect(await markOf('ticks-gone')).toBe(t.clock.now().toISOString());
    // ...then the project is forgotten, and costs no more calls.
    t.clock.advance(31 * 60_000);
    await t.reconciler.tick();
    expect(await markOf('ticks-gone')).toBeNull();
  });
});
