import { OpenStackClient } from '../src/compute/openstack-client';
import { Api, expectProblem, IMAGES, MISSING_ID, type ServerBody } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

type Rest =
  | 'ACTIVE'
  | 'SHUTOFF'
  | 'ERROR'
  | 'PAUSED'
  | 'SUSPENDED'
  | 'RESCUE'
  | 'SHELVED_OFFLOADED'
  | 'VERIFY_RESIZE';

/** How to bring a new ACTIVE server to each resting status (latency 0). */
const REACH: Record<Exclude<Rest, 'ACTIVE' | 'ERROR'>, [string, object?]> = {
  SHUTOFF: ['stop'],
  PAUSED: ['pause'],
  SUSPENDED: ['suspend'],
  RESCUE: ['rescue'],
  SHELVED_OFFLOADED: ['shelve'],
  VERIFY_RESIZE: ['resize', { flavorId: '2' }],
};

const BODIES: Record<string, object | undefined> = {
  resize: { flavorId: '2' },
  rebuild: { imageId: IMAGES.cirros },
};

/** Nova's rules for the actions beyond start/stop/reboot/snapshot: [action, from, ends in | refused]. */
const TABLE: [string, Rest, Rest | null][] = [
  ['pause', 'ACTIVE', 'PAUSED'],
  ['pause', 'SHUTOFF', null],
  ['pause', 'PAUSED', null],
  ['unpause', 'PAUSED', 'ACTIVE'],
  ['unpause', 'ACTIVE', null],
  ['suspend', 'ACTIVE', 'SUSPENDED'],
  ['suspend', 'PAUSED', null],
  ['resume', 'SUSPENDED', 'ACTIVE'],
  ['resume', 'PAUSED', null],
  ['rescue', 'ACTIVE', 'RESCUE'],
  ['rescue', 'SHUTOFF', 'RESCUE'],
  ['rescue', 'ERROR', 'RESCUE'],
  ['rescue', 'PAUSED', null],
  ['unrescue', 'RESCUE', 'ACTIVE'],
  ['unrescue', 'ACTIVE', null],
  ['shelve', 'ACTIVE', 'SHELVED_OFFLOADED'],
  ['shelve', 'SHUTOFF', 'SHELVED_OFFLOADED'],
  ['shelve', 'PAUSED', 'SHELVED_OFFLOADED'],
  ['shelve', 'SUSPENDED', 'SHELVED_OFFLOADED'],
  ['shelve', 'ERROR', null],
  ['unshelve', 'SHELVED_OFFLOADED', 'ACTIVE'],
  ['unshelve', 'ACTIVE', null],
  ['resize', 'ACTIVE', 'VERIFY_RESIZE'],
  ['resize', 'SHUTOFF', 'VERIFY_RESIZE'],
  ['resize', 'PAUSED', null],
  ['resize', 'ERROR', null],
  ['confirm-resize', 'VERIFY_RESIZE', 'ACTIVE'],
  ['confirm-resize', 'ACTIVE', null],
  ['revert-resize', 'VERIFY_RESIZE', 'ACTIVE'],
  ['revert-resize', 'SHUTOFF', null],
  ['rebuild', 'ACTIVE', 'ACTIVE'],
  ['rebuild', 'SHUTOFF', 'SHUTOFF'],
  ['rebuild', 'ERROR', 'ACTIVE'],
  ['rebuild', 'RESCUE', null],
  ['start', 'PAUSED', null],
  ['stop', 'SHELVED_OFFLOADED', null],
  ['snapshot', 'VERIFY_RESIZE', null],
];

/** The task state each action sets in Nova, shown in its 202 answer. */
const TASK: Record<string, string> = {
  pause: 'pausing',
  unpause: 'unpausing',
  suspend: 'suspending',
  resume: 'resuming',
  rescue: 'rescuing',
  unrescue: 'unrescuing',
  shelve: 'shelving',
  unshelve: 'unshelving',
  resize: 'resize_prep',
  'confirm-resize': 'resize_confirming',
  'revert-resize': 'resize_reverting',
  rebuild: 'rebuilding',
};

/** The status Nova shows while that task runs, where it is not the one it started from. */
const DURING: Record<string, Partial<Record<Rest, string>>> = {
  resize: { ACTIVE: 'RESIZE', SHUTOFF: 'RESIZE' },
  'revert-resize': { VERIFY_RESIZE: 'REVERT_RESIZE' },
  rebuild: { ACTIVE: 'REBUILD', SHUTOFF: 'REBUILD', ERROR: 'REBUILD' },
};

describe('server actions beyond power and reboot', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t);
  });
  afterAll(() => t.close());

  async function serverIn(status: Rest, on: Api = api): Promise<ServerBody> {
    const server = await on.createServer(
      status === 'ERROR' ? { metadata: { 'mock:fail': 'build' } } : {},
    );
    if (status !== 'ACTIVE' && status !== 'ERROR') {
      const [path, body] = REACH[status];
      expect((await on.action(server.id, path, body)).status).toBe(202);
    }
    const current = await on.server(server.id);
    expect(current).toMatchObject({ status, taskState: null });
    return current;
  }

  describe.each(TABLE)('%s from %s', (action, from, to) => {
    const body = action === 'snapshot' ? { name: 'snap' } : BODIES[action];

    if (to) {
      it(`is accepted (202) and ends ${to}, recorded in the history`, async () => {
        const server = await serverIn(from);
        const res = await api.action(server.id, action, body);
        expect(res.status).toBe(202);
        // The answer shows the task the cloud accepted; the server then ends where it goes.
        expect(res.body).toMatchObject({
          id: server.id,
          status: DURING[action]?.[from] ?? from,
          taskState: TASK[action],
        });
        expect(await api.server(server.id)).toMatchObject({ status: to, taskState: null });
        const [latest] = await api.history(server.id);
        expect(latest).toMatchObject({ action, status: 'succeeded', error: null });
        expect(latest.requestId).toBe(res.headers['x-request-id']);
      });
    } else {
      it('is refused with 409 INVALID_STATE_TRANSITION and changes nothing', async () => {
        const server = await serverIn(from);
        const before = await api.history(server.id);
        const problem = expectProblem(
          await api.action(server.id, action, body),
          409,
          'INVALID_STATE_TRANSITION',
        );
        expect(problem.detail).toContain(from);
        expect(await api.server(server.id)).toEqual(server);
        expect(await api.history(server.id)).toEqual(before);
      });
    }
  });

  describe('resize', () => {
    it('confirm keeps the new flavor and returns a SHUTOFF server to SHUTOFF', async () => {
      const server = await serverIn('SHUTOFF');
      await api.action(server.id, 'resize', { flavorId: '2' });
      expect(await api.server(server.id)).toMatchObject({ status: 'VERIFY_RESIZE', flavorId: '2' });
      expect((await api.action(server.id, 'confirm-resize')).status).toBe(202);
      expect(await api.server(server.id)).toMatchObject({ status: 'SHUTOFF', flavorId: '2' });
    });

    it('revert goes back to the old flavor', async () => {
      const server = await serverIn('VERIFY_RESIZE');
      expect(server.flavorId).toBe('2');
      await api.action(server.id, 'revert-resize');
      expect(await api.server(server.id)).toMatchObject({ status: 'ACTIVE', flavorId: '1' });
    });

    it('checks the flavor first: unknown 422, the same one 400', async () => {
      const server = await serverIn('ACTIVE');
      expectProblem(
        await api.action(server.id, 'resize', { flavorId: 'no-such-flavor' }),
        422,
        'FLAVOR_NOT_FOUND',
      );
      expectProblem(
        await api.action(server.id, 'resize', { flavorId: '1' }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await api.action(server.id, 'resize', {}), 400, 'VALIDATION_FAILED');
      expect(await api.history(server.id)).toHaveLength(1);
    });
  });

  describe('rebuild', () => {
    it('takes the new image, name and metadata', async () => {
      const big = await api.createServer({ flavorId: '2' });
      const res = await api.action(big.id, 'rebuild', {
        imageId: IMAGES.ubuntu,
        name: 'rebuilt',
        metadata: { role: 'db' },
      });
      expect(res.status).toBe(202);
      expect(await api.server(big.id)).toMatchObject({
        status: 'ACTIVE',
        imageId: IMAGES.ubuntu,
        name: 'rebuilt',
        metadata: { role: 'db' },
      });
    });

    it('refuses an image the flavor cannot hold (422), and an unknown one', async () => {
      const server = await serverIn('ACTIVE');
      expectProblem(
        await api.action(server.id, 'rebuild', { imageId: IMAGES.windows }),
        422,
        'FLAVOR_TOO_SMALL',
      );
      expectProblem(
        await api.action(server.id, 'rebuild', { imageId: MISSING_ID }),
        422,
        'IMAGE_NOT_FOUND',
      );
      expect(await api.server(server.id)).toEqual(server);
    });
  });

  it('judges the state before the references: a RESCUE server is 409 even for an unusable image', async () => {
    const server = await serverIn('RESCUE');
    expectProblem(
      await api.action(server.id, 'rebuild', { imageId: IMAGES.windows }),
      409,
      'INVALID_STATE_TRANSITION',
    );
  });

  describe('rescue', () => {
    it('refuses a rescue image that is not active', async () => {
      const server = await serverIn('ACTIVE');
      expectProblem(
        await api.action(server.id, 'rescue', { imageId: IMAGES.fedoraQueued }),
        422,
        'IMAGE_NOT_ACTIVE',
      );
    });
  });

  describe('lock', () => {
    it('stops member keys (409 SERVER_LOCKED) but not admin keys', async () => {
      const member = await api.as('locks');
      const server = await serverIn('ACTIVE', member);
      expect((await member.action(server.id, 'lock', { reason: 'audit' })).status).toBe(202);
      expect(await member.server(server.id)).toMatchObject({ locked: true, status: 'ACTIVE' });

      expectProblem(await member.action(server.id, 'stop'), 409, 'SERVER_LOCKED');
      expectProblem(
        await member.patch(`/servers/${server.id}`, { name: 'x' }),
        409,
        'SERVER_LOCKED',
      );
      expectProblem(await member.delete(`/servers/${server.id}`), 409, 'SERVER_LOCKED');

      // An admin key acts on it, and it stays locked.
      expect((await api.action(server.id, 'stop')).status).toBe(202);
      expect(await member.server(server.id)).toMatchObject({ status: 'SHUTOFF', locked: true });

      expect((await member.action(server.id, 'unlock')).status).toBe(202);
      expect((await member.server(server.id)).locked).toBe(false);
      expect((await member.action(server.id, 'start')).status).toBe(202);
      expect((await member.server(server.id)).status).toBe('ACTIVE');
      const history = (await member.history(server.id)).map((a) => [a.action, a.status]);
      expect(history.slice(0, 4)).toEqual([
        ['start', 'succeeded'],
        ['unlock', 'succeeded'],
        ['stop', 'succeeded'],
        ['lock', 'succeeded'],
      ]);
    });

    it("an admin's lock can be lifted by an admin key only", async () => {
      const member = await api.as('admin-locks');
      const server = await serverIn('ACTIVE', member);
      expect((await api.action(server.id, 'lock')).status).toBe(202);
      expectProblem(await member.action(server.id, 'unlock'), 409, 'SERVER_LOCKED');
      expect((await api.action(server.id, 'unlock')).status).toBe(202);
      expect((await member.action(server.id, 'stop')).status).toBe(202);
    });

    it('follows a lock set in the cloud outside this API', async () => {
      const member = await api.as('cloud-locks');
      const server = await serverIn('ACTIVE', member);
      const cloud = t.app.get(OpenStackClient);
      const scope = { projectId: 'cloud-locks' };
      const [cloudServer] = (await cloud.listServers(scope)).filter(
        (s) => s.metadata['vm-lifecycle:server-id'] === server.id,
      );
      await cloud.lockServer(scope, cloudServer.id);
      // A settled project is asked once per idle interval (30 s by default).
      t.clock.advance(30_000);
      await t.reconciler.tick();
      expect((await member.server(server.id)).locked).toBe(true);
      expectProblem(await member.action(server.id, 'stop'), 409, 'SERVER_LOCKED');
      // Anyone in the project may lift a lock that is not an admin's.
      expect((await member.action(server.id, 'unlock')).status).toBe(202);
      expect((await member.action(server.id, 'stop')).status).toBe(202);
    });

    it('is allowed while a task runs, and leaves the task alone', async () => {
      const slow = await createTestApp({ MOCK_OPENSTACK_LATENCY_MS: '1000' });
      try {
        const admin = new Api(slow);
        const server = await admin.createServer();
        expect(server).toMatchObject({ status: 'BUILD' });
        expect((await admin.action(server.id, 'lock')).status).toBe(202);
        expect(await admin.server(server.id)).toMatchObject({ status: 'BUILD', locked: true });
        slow.clock.advance(1_000);
        expect(await admin.server(server.id)).toMatchObject({ status: 'ACTIVE', locked: true });
      } finally {
        await slow.close();
      }
    });
  });

  describe('console', () => {
    it('reads the log, or its last lines', async () => {
      const server = await serverIn('ACTIVE');
      const whole = await api.get(`/servers/${server.id}/console`);
      expect(whole.status).toBe(200);
      const lines = (whole.body as { output: string }).output.split('\n');
      expect(lines.length).toBeGreaterThan(2);
      const last = await api.get(`/servers/${server.id}/console?lines=2`);
      expect((last.body as { output: string }).output.split('\n')).toEqual(lines.slice(-2));
    });

    it('is 409 for a shelved server, 400 for bad lines, 404 for an unknown one', async () => {
      const server = await serverIn('SHELVED_OFFLOADED');
      expectProblem(
        await api.get(`/servers/${server.id}/console`),
        409,
        'INVALID_STATE_TRANSITION',
      );
      expectProblem(
        await api.get(`/servers/${server.id}/console?lines=0`),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await api.get(`/servers/${MISSING_ID}/console`), 404, 'SERVER_NOT_FOUND');
    });
  });
});
