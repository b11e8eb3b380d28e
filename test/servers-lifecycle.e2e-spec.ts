import { OpenStackClient } from '../src/compute/openstack-client';
import { Api, expectProblem, type Page, type ServerBody } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

type Start = 'ACTIVE' | 'SHUTOFF' | 'ERROR';

interface Action {
  label: string;
  path: string;
  body?: object;
  /** The word the 409 detail uses for it. */
  word: RegExp;
  history: string;
}

const ACTIONS: Record<string, Action> = {
  start: { label: 'start', path: 'start', word: /start/, history: 'start' },
  stop: { label: 'stop', path: 'stop', word: /stop/, history: 'stop' },
  soft: {
    label: 'reboot SOFT',
    path: 'reboot',
    body: { type: 'SOFT' },
    word: /reboot/,
    history: 'reboot',
  },
  hard: {
    label: 'reboot HARD',
    path: 'reboot',
    body: { type: 'HARD' },
    word: /reboot/,
    history: 'reboot',
  },
  snapshot: {
    label: 'snapshot',
    path: 'snapshot',
    body: { name: 'snap' },
    word: /snapshot/,
    history: 'snapshot',
  },
};

/** api.md's lifecycle table, for the statuses a server rests in (latency 0). */
const TABLE: [string, Start, Start | null][] = [
  ['start', 'SHUTOFF', 'ACTIVE'],
  ['start', 'ACTIVE', null],
  ['start', 'ERROR', null],
  ['stop', 'ACTIVE', 'SHUTOFF'],
  ['stop', 'ERROR', 'SHUTOFF'],
  ['stop', 'SHUTOFF', null],
  ['soft', 'ACTIVE', 'ACTIVE'],
  ['soft', 'SHUTOFF', null],
  ['soft', 'ERROR', null],
  ['hard', 'ACTIVE', 'ACTIVE'],
  ['hard', 'SHUTOFF', 'ACTIVE'],
  ['hard', 'ERROR', 'ACTIVE'],
  ['snapshot', 'ACTIVE', 'ACTIVE'],
  ['snapshot', 'SHUTOFF', 'SHUTOFF'],
  ['snapshot', 'ERROR', null],
];

/** What a 202 answers: the task the action set, and the status Nova shows during it. */
const DURING: Record<string, (from: Start) => { status: string; taskState: string }> = {
  start: (from) => ({ status: from, taskState: 'powering-on' }),
  stop: (from) => ({ status: from, taskState: 'powering-off' }),
  soft: () => ({ status: 'REBOOT', taskState: 'rebooting' }),
  hard: (from) => ({
    status: from === 'ACTIVE' ? 'HARD_REBOOT' : from,
    taskState: 'rebooting_hard',
  }),
};

describe('server lifecycle', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t);
  });
  afterAll(() => t.close());

  async function serverIn(status: Start): Promise<ServerBody> {
    const server = await api.createServer(
      status === 'ERROR' ? { metadata: { 'mock:fail': 'build' } } : {},
    );
    if (status === 'SHUTOFF') expect((await api.action(server.id, 'stop')).status).toBe(202);
    const current = await api.server(server.id);
    expect(current.status).toBe(status);
    return current;
  }

  describe.each(TABLE)('%s from %s', (key, from, to) => {
    const action = ACTIONS[key];

    if (to) {
      it(`is accepted (202) and ends ${to}`, async () => {
        const server = await serverIn(from);
        const res = await api.action(server.id, action.path, action.body);
        expect(res.status).toBe(202);
        if (key === 'snapshot') expect(res.body).toEqual({ imageId: expect.any(String) });
        else expect(res.body).toMatchObject({ id: server.id, ...DURING[key](from) });

        const after = await api.server(server.id);
        expect(after).toMatchObject({ status: to, taskState: null });
        expect(after.fault).toBeNull();
        const [latest] = await api.history(server.id);
        expect(latest).toMatchObject({ action: action.history, status: 'succeeded', error: null });
        expect(latest.requestId).toBe(res.headers['x-request-id']);
      });
    } else {
      it('is refused with 409 INVALID_STATE_TRANSITION and changes nothing', async () => {
        const server = await serverIn(from);
        const before = await api.history(server.id);
        const res = await api.action(server.id, action.path, action.body);
        const problem = expectProblem(res, 409, 'INVALID_STATE_TRANSITION');
        expect(problem.detail).toMatch(action.word);
        expect(problem.detail).toContain(from);

        expect(await api.server(server.id)).toEqual(server);
        expect(await api.history(server.id)).toEqual(before);
      });
    }
  });

  it.each<Start>(['ACTIVE', 'SHUTOFF', 'ERROR'])(
    'delete from %s is accepted, then the server reads 404 everywhere',
    async (from) => {
      const server = await serverIn(from);
      const res = await api.delete(`/servers/${server.id}`);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ id: server.id });

      expectProblem(await api.get(`/servers/${server.id}`), 404, 'SERVER_NOT_FOUND');
      expectProblem(await api.get(`/servers/${server.id}/actions`), 404, 'SERVER_NOT_FOUND');
      expectProblem(await api.action(server.id, 'start'), 404, 'SERVER_NOT_FOUND');
      expectProblem(await api.delete(`/servers/${server.id}`), 404, 'SERVER_NOT_FOUND');
      const list = await api.listServers('limit=200');
      expect(list.items.map((s) => s.id)).not.toContain(server.id);
    },
  );

  it('a build that fails ends in ERROR with a fault, and a hard reboot clears it', async () => {
    const server = await serverIn('ERROR');
    expect(server.fault).toEqual({ code: 500, message: expect.any(String) });
    expect(server.launchedAt).toBeNull();
    const [create] = await api.history(server.id);
    expect(create).toMatchObject({ action: 'create', status: 'failed' });
    expect(create.error).toEqual(expect.any(String));

    expect((await api.action(server.id, 'reboot', { type: 'HARD' })).status).toBe(202);
    expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', fault: null });
  });

  it('an action the inventory allows but the cloud refuses is 409 INVALID_STATE_TRANSITION', async () => {
    const server = await serverIn('ACTIVE');
    // Someone stops the server straight in the cloud; the inventory, at rest, still says ACTIVE.
    const cloud = t.app.get(OpenStackClient);
    const [cloudServer] = (await cloud.listServers({ projectId: 'admin' })).filter(
      (s) => s.metadata['vm-lifecycle:server-id'] === server.id,
    );
    await cloud.stopServer({ projectId: 'admin' }, cloudServer.id);
    expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });

    const res = await api.action(server.id, 'stop');
    const problem = expectProblem(res, 409, 'INVALID_STATE_TRANSITION');
    expect(problem.detail).toBe("The cloud refused the action in the server's current state.");
    // The server is left as the inventory had it, with no task stuck on it, and the
    // history shows no stop that went through.
    expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', taskState: null });
    const stops = (await api.history(server.id)).filter((a) => a.action === 'stop');
    expect(stops.filter((a) => a.status !== 'failed')).toEqual([]);
  });

  it('reboot defaults to SOFT when no type is sent', async () => {
    const off = await serverIn('SHUTOFF');
    // A SOFT reboot is refused from SHUTOFF where a HARD one would be accepted.
    expectProblem(await api.action(off.id, 'reboot', {}), 409, 'INVALID_STATE_TRANSITION');
    const on = await serverIn('ACTIVE');
    expect((await api.action(on.id, 'reboot')).status).toBe(202);
  });

  it('a snapshot is a new private image of the project, listed in GET /images', async () => {
    const server = await serverIn('ACTIVE');
    const res = await api.action(server.id, 'snapshot', { name: 'nightly backup' });
    expect(res.status).toBe(202);
    const { imageId } = res.body as { imageId: string };

    const image = await api.get(`/images/${imageId}`);
    expect(image.status).toBe(200);
    expect(image.body).toMatchObject({
      id: imageId,
      name: 'nightly backup',
      status: 'active',
      visibility: 'private',
    });
    const list = await api.get('/images?name=nightly%20backup');
    expect((list.body as Page<{ id: string }>).items.map((i) => i.id)).toEqual([imageId]);

    // The snapshot is bootable.
    const clone = await api.createServer({ imageId, flavorId: '1' });
    expect(await api.server(clone.id)).toMatchObject({ imageId, status: 'ACTIVE' });
  });

  it('keeps the action history newest first, with each request id and outcome', async () => {
    const server = await serverIn('ACTIVE');
    const ids: string[] = [];
    for (const [path, body] of [
      ['stop', undefined],
      ['start', undefined],
      ['reboot', { type: 'HARD' }],
    ] as const) {
      t.clock.advance(1_000);
      const res = await api.action(server.id, path, body);
      expect(res.status).toBe(202);
      ids.push(res.headers['x-request-id']);
    }
    t.clock.advance(1_000);
    expect((await api.patch(`/servers/${server.id}`, { name: 'renamed' })).status).toBe(200);
    // A refused action leaves no trace.
    expect((await api.action(server.id, 'start')).status).toBe(409);

    const history = await api.history(server.id);
    expect(history.map((a) => a.action)).toEqual(['update', 'reboot', 'start', 'stop', 'create']);
    expect(history.every((a) => a.status === 'succeeded' && a.projectId === 'admin')).toBe(true);
    expect(history.slice(1, 4).map((a) => a.requestId)).toEqual([...ids].reverse());
    const started = history.map((a) => Date.parse(a.startedAt));
    expect(started).toEqual([...started].sort((a, b) => b - a));
    for (const a of history) expect(a.finishedAt).not.toBeNull();
  });

  it('an action the cloud refuses is 409, leaves a failed history entry and the server as it was', async () => {
    const member = await api.as('refusals');
    const server = await member.createServer({ name: 'oob' });
    const before = await member.server(server.id);
    // Stopped straight in the cloud: the inventory still says ACTIVE, so our rules let a
    // stop through and the cloud refuses it.
    const cloud = t.app.get(OpenStackClient);
    const scope = { projectId: 'refusals' };
    const [cloudServer] = (await cloud.listServers(scope)).filter(
      (s) => s.metadata['vm-lifecycle:server-id'] === server.id,
    );
    await cloud.stopServer(scope, cloudServer.id);
    t.clock.advance(1_000);

    const res = await member.action(server.id, 'stop');
    expectProblem(res, 409, 'INVALID_STATE_TRANSITION');
    const [latest, create] = await member.history(server.id);
    expect(create).toMatchObject({ action: 'create', status: 'succeeded' });
    expect(latest).toMatchObject({
      action: 'stop',
      status: 'failed',
      requestId: res.headers['x-request-id'],
    });
    expect(latest.error).toEqual(expect.any(String));
    expect(latest.finishedAt).not.toBeNull();
    expect(await member.server(server.id)).toMatchObject({
      status: before.status,
      taskState: null,
    });
  });

  it('a delete of a server the cloud has already lost succeeds, and the server is gone', async () => {
    const member = await api.as('lost');
    const server = await member.createServer({ name: 'lost' });
    // Settled in the inventory (a read refreshes a server in transition), then lost.
    expect((await member.server(server.id)).status).toBe('ACTIVE');
    const cloud = t.app.get(OpenStackClient);
    const scope = { projectId: 'lost' };
    const [cloudServer] = (await cloud.listServers(scope)).filter(
      (s) => s.metadata['vm-lifecycle:server-id'] === server.id,
    );
    await cloud.deleteServer(scope, cloudServer.id);
    t.clock.advance(1_000);

    const res = await member.delete(`/servers/${server.id}`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: server.id, taskState: 'deleting' });
    expectProblem(await member.get(`/servers/${server.id}`), 404, 'SERVER_NOT_FOUND');
  });
});
