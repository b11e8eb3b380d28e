import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { restLifecycle, type LifecycleStep } from '../support/rest-lifecycle';
import { openstackRequests } from '../support/service-on-cloud';
import { SystemClock } from '../../src/common/clock/system-clock';
import { RealOpenStackClient } from '../../src/compute/real/real-openstack-client';
import { CountingHttpObserver } from '../../src/compute/real/testing/counting-http-observer';
import { LIVE_ADMIN_KEY, liveBootable, liveConfig, startLiveService } from './live-cloud';

const TIMEOUT_MS = 15 * 60_000;
const FLEET = Number(process.env.OPENSTACK_TEST_FLEET ?? '20');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function table(steps: LifecycleStep[]): string {
  return steps
    .map(
      (s) =>
        `  ${s.step.padEnd(12)} HTTP ${s.status}  ${String(s.ms).padStart(6)} ms  ${s.cloudRequests ?? '?'} cloud requests`,
    )
    .join('\n');
}

// The REST API on the real client against the cloud named in the environment.
describe('REST lifecycle on the live cloud', () => {
  let app: NestFastifyApplication;
  let imageId: string;
  let flavorId: string;

  beforeAll(async () => {
    ({ imageId, flavorId } = await liveBootable());
    app = await startLiveService();
  }, TIMEOUT_MS);
  afterAll(() => app?.close());

  const total = async () => (await openstackRequests(app)).total;

  it(
    'create → ACTIVE → stop → start → reboot → snapshot → delete',
    async () => {
      const before = await openstackRequests(app);
      const started = performance.now();
      const { steps, imageId: snapshotId } = await restLifecycle(
        {
          http: app.getHttpServer(),
          key: LIVE_ADMIN_KEY,
          imageId,
          flavorId,
          pass: sleep,
          maxPolls: 600,
          cloudRequests: total,
        },
        { name: 'vm-lifecycle-live', reboot: true, snapshot: true },
      );
      const after = await openstackRequests(app);
      const delta = Object.fromEntries(
        Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
      );
      process.stdout.write(
        `\nREST lifecycle on the live cloud (${Math.round(performance.now() - started)} ms), ` +
          `HTTP requests to the cloud by service: ${JSON.stringify(delta)}\n${table(steps)}\n`,
      );
      expect(delta.identity).toBeLessThanOrEqual(1);
      // The fake driver never uploads a snapshot: it stays queued. Clean it up if we can't.
      expect(snapshotId).toEqual(expect.any(String));
    },
    TIMEOUT_MS,
  );

  it(
    `${FLEET} servers in parallel: create → ACTIVE → stop → start → reboot → delete, one token`,
    async () => {
      const before = await openstackRequests(app);
      const started = performance.now();
      const runs = await Promise.all(
        Array.from({ length: FLEET }, (_, i) =>
          restLifecycle(
            {
              http: app.getHttpServer(),
              key: LIVE_ADMIN_KEY,
              imageId,
              flavorId,
              pass: () => sleep(2_000),
              maxPolls: 300,
            },
            { name: `vm-lifecycle-fleet-${i}`, reboot: true },
          ),
        ),
      );
      const after = await openstackRequests(app);
      const delta = Object.fromEntries(
        Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
      );
      process.stdout.write(
        `\n${FLEET} parallel lifecycles (${Math.round(performance.now() - started)} ms, polls every 2 s), ` +
          `HTTP requests to the cloud by service: ${JSON.stringify(delta)}\n`,
      );
      expect(runs).toHaveLength(FLEET);
      expect(delta.identity).toBe(0); // the token of the first test is still good
    },
    TIMEOUT_MS,
  );

  it(
    'PATCH and tag changes reach the cloud: name, metadata and tags read back from Nova',
    async () => {
      const http = app.getHttpServer();
      const call = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string) =>
        request(http)[method](`/api/v1${path}`).set('authorization', `Bearer ${LIVE_ADMIN_KEY}`);
      const created = await call('post', '/servers').send({
        name: 'vm-edits-live',
        imageId,
        flavorId,
        metadata: { role: 'web' },
      });
      expect(created.status).toBe(202);
      const id = (created.body as { id: string }).id;
      try {
        for (let i = 0; i < 300; i++) {
          const read = await call('get', `/servers/${id}`);
          if (read.body.status === 'ACTIVE' && read.body.taskState === null) break;
          await sleep(1_000);
        }
        const patched = await call('patch', `/servers/${id}`).send({
          name: 'vm-edits-live-renamed',
          metadata: { role: 'db', tier: '1' },
        });
        expect(patched.status).toBe(200);
        expect(
          (await call('put', `/servers/${id}/tags`).send({ tags: ['web', 'prod'] })).status,
        ).toBe(200);
        expect((await call('put', `/servers/${id}/tags/blue`)).status).toBe(201);
        expect((await call('put', `/servers/${id}/tags/blue`)).status).toBe(204);
        expect((await call('delete', `/servers/${id}/tags/prod`)).status).toBe(204);
        expect((await call('delete', `/servers/${id}/tags/prod`)).status).toBe(404);
        const listed = await call('get', '/servers?tags=blue,web');
        expect((listed.body as { items: { id: string }[] }).items.map((s) => s.id)).toEqual([id]);

        // What Nova itself now says about the server.
        const probe = new RealOpenStackClient(
          liveConfig().openstack!,
          new SystemClock(),
          new CountingHttpObserver(),
        );
        try {
          const cloudServers = await probe.listServers({ projectId: 'admin' });
          const inNova = cloudServers.find((s) => s.metadata['vm-lifecycle:server-id'] === id);
          expect(inNova).toMatchObject({
            name: 'vm-edits-live-renamed',
            metadata: { role: 'db', tier: '1', 'vm-lifecycle:server-id': id },
            tags: ['blue', 'web'],
          });
        } finally {
          await probe.onApplicationShutdown();
        }
        const history = await call('get', `/servers/${id}/actions`);
        expect(
          (history.body as { items: { action: string; status: string }[] }).items
            .slice(0, 4)
            .map((a) => `${a.action}:${a.status}`),
        ).toEqual([
          'remove-tag:succeeded',
          'add-tag:succeeded',
          'set-tags:succeeded',
          'update:succeeded',
        ]);
      } finally {
        await call('delete', `/servers/${id}`);
      }
    },
    TIMEOUT_MS,
  );

  it('answers 404 for a server it does not know', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/v1/servers/00000000-0000-4000-8000-000000000000')
      .set('authorization', `Bearer ${LIVE_ADMIN_KEY}`);
    expect(res.status).toBe(404);
  });
});
