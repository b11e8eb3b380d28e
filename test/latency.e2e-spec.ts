import { MIN_REFRESH_GAP_MS } from '../src/servers/refresh-gate';
import { Api, expectProblem, type ServerBody } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

const LATENCY = 1_000;

describe('transitions that take time (MOCK_OPENSTACK_LATENCY_MS=1000)', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp({ MOCK_OPENSTACK_LATENCY_MS: String(LATENCY) });
    admin = new Api(t);
  });
  afterAll(() => t.close());

  /** A server that has finished building. */
  async function activeServer(api = admin): Promise<ServerBody> {
    const server = await api.createServer();
    t.clock.advance(LATENCY);
    expect((await api.server(server.id)).status).toBe('ACTIVE');
    return server;
  }

  it('a create answers BUILD/spawning and is ACTIVE once the build time has passed', async () => {
    const created = await admin.createServer();
    expect(created).toMatchObject({ status: 'BUILD', launchedAt: null });
    expect(await admin.server(created.id)).toMatchObject({
      status: 'BUILD',
      taskState: 'spawning',
    });

    t.clock.advance(LATENCY - 1);
    expect(await admin.server(created.id)).toMatchObject({
      status: 'BUILD',
      taskState: 'spawning',
    });
    expect((await admin.history(created.id))[0]).toMatchObject({
      action: 'create',
      status: 'pending',
      finishedAt: null,
    });

    // (Past the gap between two refreshes of one server that a remote cloud is spared.)
    t.clock.advance(MIN_REFRESH_GAP_MS);
    const built = await admin.server(created.id);
    expect(built).toMatchObject({ status: 'ACTIVE', taskState: null });
    expect(built.launchedAt).toBe(new Date(Date.parse(created.createdAt) + LATENCY).toISOString());
    expect((await admin.history(created.id))[0]).toMatchObject({
      action: 'create',
      status: 'succeeded',
    });
  });

  it.each([
    ['start', undefined],
    ['stop', undefined],
    ['reboot', { type: 'SOFT' }],
    ['reboot', { type: 'HARD' }],
    ['snapshot', { name: 's' }],
  ])('%s %j is refused with 409 while the server builds', async (action, body) => {
    const server = await admin.createServer();
    const problem = expectProblem(
      await admin.action(server.id, action, body),
      409,
      'INVALID_STATE_TRANSITION',
    );
    expect(problem.detail).toContain('BUILD');
    expect(problem.detail).toContain('spawning');
    expect((await admin.history(server.id)).map((a) => a.action)).toEqual(['create']);
  });

  it('stop shows powering-off, refuses other actions meanwhile, then SHUTOFF', async () => {
    const server = await activeServer();
    const stop = await admin.action(server.id, 'stop');
    expect(stop.status).toBe(202);
    expect(stop.body).toMatchObject({ status: 'ACTIVE', taskState: 'powering-off' });

    const again = expectProblem(
      await admin.action(server.id, 'stop'),
      409,
      'INVALID_STATE_TRANSITION',
    );
    expect(again.detail).toContain('powering-off');
    expectProblem(
      await admin.action(server.id, 'reboot', { type: 'HARD' }),
      409,
      'INVALID_STATE_TRANSITION',
    );
    expect((await admin.history(server.id))[0]).toMatchObject({
      action: 'stop',
      status: 'pending',
    });

    t.clock.advance(LATENCY);
    expect(await admin.server(server.id)).toMatchObject({ status: 'SHUTOFF', taskState: null });
    expect((await admin.history(server.id))[0]).toMatchObject({
      action: 'stop',
      status: 'succeeded',
    });

    const start = await admin.action(server.id, 'start');
    expect(start.body).toMatchObject({ status: 'SHUTOFF', taskState: 'powering-on' });
    t.clock.advance(LATENCY);
    expect(await admin.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
  });

  it.each([
    ['SOFT', 'REBOOT', 'rebooting'],
    ['HARD', 'HARD_REBOOT', 'rebooting_hard'],
  ])('a %s reboot goes through %s (%s) back to ACTIVE', async (type, status, task) => {
    const server = await activeServer();
    const res = await admin.action(server.id, 'reboot', { type });
    expect(res.body).toMatchObject({ status, taskState: task });
    expect(await admin.server(server.id)).toMatchObject({ status, taskState: task });
    t.clock.advance(LATENCY);
    expect(await admin.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
  });

  it('a snapshot image is queued, then active; the server is busy meanwhile', async () => {
    const server = await activeServer();
    const res = await admin.action(server.id, 'snapshot', { name: 'slow-snap' });
    expect(res.status).toBe(202);
    const { imageId } = res.body as { imageId: string };
    expect((await admin.get(`/images/${imageId}`)).body).toMatchObject({ status: 'queued' });
    expect(await admin.server(server.id)).toMatchObject({
      status: 'ACTIVE',
      taskState: 'image_snapshot',
    });
    expectProblem(await admin.action(server.id, 'stop'), 409, 'INVALID_STATE_TRANSITION');

    t.clock.advance(LATENCY);
    expect((await admin.get(`/images/${imageId}`)).body).toMatchObject({ status: 'active' });
    expect(await admin.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
  });

  it('delete shows deleting, refuses a second delete, then reads 404', async () => {
    const server = await activeServer();
    const res = await admin.delete(`/servers/${server.id}`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ taskState: 'deleting' });
    expect((await admin.server(server.id)).taskState).toBe('deleting');
    const again = expectProblem(
      await admin.delete(`/servers/${server.id}`),
      409,
      'INVALID_STATE_TRANSITION',
    );
    expect(again.detail).toContain('deleting');

    t.clock.advance(LATENCY);
    expectProblem(await admin.get(`/servers/${server.id}`), 404, 'SERVER_NOT_FOUND');
  });

  it('delete is accepted while another task runs (building, powering-off)', async () => {
    const building = await admin.createServer();
    expect((await admin.delete(`/servers/${building.id}`)).status).toBe(202);
    const stopping = await activeServer();
    expect((await admin.action(stopping.id, 'stop')).status).toBe(202);
    expect((await admin.delete(`/servers/${stopping.id}`)).status).toBe(202);

    t.clock.advance(LATENCY);
    for (const s of [building, stopping]) {
      expectProblem(await admin.get(`/servers/${s.id}`), 404, 'SERVER_NOT_FOUND');
    }
  });

  it("the reconciler's tick brings the inventory up to date without any read", async () => {
    const api = await admin.as('latency-reconcile');
    const servers = [await api.createServer(), await api.createServer(), await api.createServer()];
    t.clock.advance(LATENCY);
    // The history is read from the inventory as it stands: nothing has asked the cloud yet.
    for (const s of servers) {
      expect((await api.history(s.id))[0]).toMatchObject({ action: 'create', status: 'pending' });
    }

    const report = await t.reconciler.tick();
    expect(report.updated).toBeGreaterThanOrEqual(3);
    for (const s of servers) {
      expect((await api.history(s.id))[0]).toMatchObject({ action: 'create', status: 'succeeded' });
    }
    const list = (await api.listServers()).items;
    expect(list.map((s) => s.id)).toEqual(servers.map((s) => s.id).reverse());
    expect(list.map((s) => [s.status, s.taskState])).toEqual(Array(3).fill(['ACTIVE', null]));
  });

  it('a list read refreshes the servers in transition on its page', async () => {
    const api = await admin.as('latency-list');
    const server = await api.createServer();
    const stopping = await api.createServer({ name: 'stopping' });
    t.clock.advance(LATENCY);
    expect((await api.action(stopping.id, 'stop')).status).toBe(202);
    expect((await api.listServers('status=BUILD')).items.map((s) => s.id)).toEqual([]);
    t.clock.advance(LATENCY);
    const list = (await api.listServers()).items;
    expect(list.map((s) => [s.id, s.status, s.taskState])).toEqual([
      [stopping.id, 'SHUTOFF', null],
      [server.id, 'ACTIVE', null],
    ]);
  });

  it('an injected build failure ends in ERROR with a fault; the create action failed', async () => {
    const server = await admin.createServer({ metadata: { 'mock:fail': 'build' } });
    expect(server.status).toBe('BUILD');
    t.clock.advance(LATENCY);

    const failed = await admin.server(server.id);
    expect(failed).toMatchObject({ status: 'ERROR', taskState: null, launchedAt: null });
    expect(failed.fault).toEqual({ code: 500, message: expect.any(String) });
    const [create] = await admin.history(server.id);
    expect(create).toMatchObject({ action: 'create', status: 'failed' });
    expect(create.error).toEqual(expect.any(String));
    expect(create.finishedAt).not.toBeNull();

    // ERROR allows stop and a hard reboot, not start.
    expectProblem(await admin.action(server.id, 'start'), 409, 'INVALID_STATE_TRANSITION');
    expect((await admin.action(server.id, 'stop')).status).toBe(202);
    t.clock.advance(LATENCY);
    expect(await admin.server(server.id)).toMatchObject({ status: 'SHUTOFF', fault: null });
  });

  it('an injected delete failure leaves the server in ERROR with a fault; delete failed', async () => {
    const server = await admin.createServer({ metadata: { 'mock:fail': 'delete' } });
    t.clock.advance(LATENCY);
    expect((await admin.delete(`/servers/${server.id}`)).status).toBe(202);
    t.clock.advance(LATENCY);

    const failed = await admin.server(server.id);
    expect(failed).toMatchObject({ status: 'ERROR', taskState: null });
    expect(failed.fault).toEqual({ code: 500, message: expect.any(String) });
    expect((await admin.history(server.id))[0]).toMatchObject({
      action: 'delete',
      status: 'failed',
    });
  });
});
