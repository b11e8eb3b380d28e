import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { LIVE_ADMIN_KEY, liveBootable, startLiveService } from './live-cloud';

const TIMEOUT_MS = 20 * 60_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Server {
  id: string;
  status: string;
  taskState: string | null;
  flavorId: string;
  imageId: string;
  name: string;
  locked: boolean;
}

// Every lifecycle action of the REST API, on the real client, against the live cloud.
describe('REST actions on the live cloud', () => {
  let app: NestFastifyApplication;
  let imageId: string;
  let flavorId: string;
  let resizeFlavorId: string;
  let memberKey: string;

  beforeAll(async () => {
    ({ imageId, flavorId, resizeFlavorId } = await liveBootable());
    app = await startLiveService();
    const minted = await request(app.getHttpServer())
      .post('/api/v1/admin/api-keys')
      .set('authorization', `Bearer ${LIVE_ADMIN_KEY}`)
      .send({ projectId: 'live-actions', role: 'member', name: 'live-actions' });
    expect(minted.status).toBe(201);
    memberKey = (minted.body as { key: string }).key;
  }, TIMEOUT_MS);
  afterAll(() => app?.close());

  const call = (method: 'get' | 'post' | 'delete', path: string, key = memberKey) =>
    request(app.getHttpServer())[method](`/api/v1${path}`).set('authorization', `Bearer ${key}`);

  async function settle(id: string, status: string): Promise<Server> {
    let last: Server | undefined;
    for (let i = 0; i < 300; i++) {
      const res = await call('get', `/servers/${id}`);
      expect(res.status).toBe(200);
      const server = res.body as Server;
      last = server;
      if (server.status === status && server.taskState === null) return server;
      if (server.status === 'ERROR') throw new Error(`server went ERROR waiting for ${status}`);
      await sleep(1_000);
    }
    throw new Error(
      `server never reached ${status}: still ${last?.status ?? '?'}/${last?.taskState ?? 'no task'}`,
    );
  }

  async function act(id: string, action: string, body: object | undefined, then: string) {
    const res = await call('post', `/servers/${id}/${action}`).send(body);
    if (res.status !== 202) {
      throw new Error(`${action}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    }
    return settle(id, then);
  }

  it(
    'takes one server through every action, with the refusals in between',
    async () => {
      const created = await call('post', '/servers').send({
        name: 'vm-lifecycle-live-actions',
        imageId,
        flavorId,
      });
      expect(created.status).toBe(202);
      const id = (created.body as Server).id;
      await settle(id, 'ACTIVE');

      await act(id, 'pause', undefined, 'PAUSED');
      expect((await call('post', `/servers/${id}/suspend`)).status).toBe(409);
      await act(id, 'unpause', undefined, 'ACTIVE');
      await act(id, 'suspend', undefined, 'SUSPENDED');
      await act(id, 'resume', undefined, 'ACTIVE');

      // A SHUTOFF server resized and confirmed comes back SHUTOFF.
      await act(id, 'stop', undefined, 'SHUTOFF');
      const verify = await act(id, 'resize', { flavorId: resizeFlavorId }, 'VERIFY_RESIZE');
      expect(verify.flavorId).toBe(resizeFlavorId);
      const confirmed = await act(id, 'confirm-resize', undefined, 'SHUTOFF');
      expect(confirmed.flavorId).toBe(resizeFlavorId);
      await act(id, 'start', undefined, 'ACTIVE');
      // An ACTIVE one back to the first flavor, confirmed; then up again, reverted.
      await act(id, 'resize', { flavorId }, 'VERIFY_RESIZE');
      expect((await act(id, 'confirm-resize', undefined, 'ACTIVE')).flavorId).toBe(flavorId);
      await act(id, 'resize', { flavorId: resizeFlavorId }, 'VERIFY_RESIZE');
      expect((await act(id, 'revert-resize', undefined, 'ACTIVE')).flavorId).toBe(flavorId);

      await act(id, 'rescue', undefined, 'RESCUE');
      await act(id, 'unrescue', undefined, 'ACTIVE');

      await act(id, 'shelve', undefined, 'SHELVED_OFFLOADED');
      await act(id, 'unshelve', undefined, 'ACTIVE');

      const rebuilt = await act(id, 'rebuild', { imageId, name: 'vm-lifecycle-rebuilt' }, 'ACTIVE');
      expect(rebuilt.name).toBe('vm-lifecycle-rebuilt');

      // An admin's lock: members are refused, in Nova as here; admins act through it.
      expect((await call('post', `/servers/${id}/lock`, LIVE_ADMIN_KEY).send({})).status).toBe(202);
      expect((await call('get', `/servers/${id}`)).body).toMatchObject({ locked: true });
      const refused = await call('post', `/servers/${id}/stop`);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'SERVER_LOCKED' });
      expect((await call('post', `/servers/${id}/reboot`, LIVE_ADMIN_KEY).send({})).status).toBe(
        202,
      );
      await settle(id, 'ACTIVE');
      expect((await call('post', `/servers/${id}/unlock`, LIVE_ADMIN_KEY)).status).toBe(202);
      expect((await call('get', `/servers/${id}`)).body).toMatchObject({ locked: false });

      const whole = await call('get', `/servers/${id}/console`);
      expect(whole.status).toBe(200);
      const lines = String((whole.body as { output: string }).output)
        .split('\n')
        .filter(Boolean);
      expect(lines.length).toBeGreaterThan(2);
      const tail = await call('get', `/servers/${id}/console?lines=2`);
      expect(
        String((tail.body as { output: string }).output)
          .split('\n')
          .filter(Boolean),
      ).toEqual(lines.slice(-2));

      const history = await call('get', `/servers/${id}/actions?limit=200`);
      const done = (history.body as { items: { action: string; status: string }[] }).items
        .filter((a) => a.status === 'succeeded')
        .map((a) => a.action);
      for (const action of [
        'pause',
        'confirm-resize',
        'revert-resize',
        'unshelve',
        'rebuild',
        'lock',
      ]) {
        expect(done).toContain(action);
      }

      expect((await call('delete', `/servers/${id}`)).status).toBe(202);
      for (let i = 0; i < 120; i++) {
        if ((await call('get', `/servers/${id}`)).status === 404) return;
        await sleep(1_000);
      }
      throw new Error('the server was never deleted');
    },
    TIMEOUT_MS,
  );
});
