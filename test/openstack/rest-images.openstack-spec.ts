import { createHash, randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { LIVE_ADMIN_KEY, liveBootable, startLiveService } from './live-cloud';

const TIMEOUT_MS = 20 * 60_000;
const LIMIT = 2 * 1024 * 1024;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Image {
  id: string;
  status: string;
  sizeBytes: number | null;
  checksum: string | null;
  hashAlgo: string | null;
  hashValue: string | null;
  projectId: string | null;
  tags: string[];
  properties: Record<string, string>;
}

// The REST image writes on the real client, against the live cloud's Glance: register,
// upload streamed, the size limit cutting a stream off, boot from the image, delete.
describe('REST images on the live cloud', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let flavorId: string;
  const keys: Record<string, string> = {};
  const made: string[] = [];

  beforeAll(async () => {
    ({ flavorId } = await liveBootable());
    app = await startLiveService({ IMAGE_UPLOAD_MAX_BYTES: String(LIMIT) });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    for (const project of ['live-images', 'live-images-other']) {
      const minted = await request(app.getHttpServer())
        .post('/api/v1/admin/api-keys')
        .set('authorization', `Bearer ${LIVE_ADMIN_KEY}`)
        .send({ projectId: project, role: 'member', name: project });
      expect(minted.status).toBe(201);
      keys[project] = (minted.body as { key: string }).key;
    }
  }, TIMEOUT_MS);
  afterAll(async () => {
    for (const id of made) await call('delete', `/images/${id}`).catch(() => undefined);
    await app?.close();
  });

  const call = (method: 'get' | 'post' | 'put' | 'delete', path: string, project = 'live-images') =>
    request(app.getHttpServer())
      [method](`/api/v1${path}`)
      .set('authorization', `Bearer ${keys[project]}`);
  const register = async (name: string) => {
    const res = await call('post', '/images').send({
      name,
      diskFormat: 'raw',
      containerFormat: 'bare',
      tags: ['live'],
      properties: { purpose: 'live-test' },
    });
    expect(res.status).toBe(201);
    made.push((res.body as Image).id);
    return res.body as Image;
  };
  const read = async (id: string) => (await call('get', `/images/${id}`)).body as Image;

  it(
    'registers, uploads (streamed), boots from and deletes an image of the project',
    async () => {
      const image = await register('vm-lifecycle-live-image');
      expect(image).toMatchObject({
        status: 'queued',
        projectId: 'live-images',
        tags: ['live'],
        properties: { purpose: 'live-test' },
      });
      expect((await call('get', `/images/${image.id}`, 'live-images-other')).status).toBe(404);
      expect(
        (
          await call('put', `/images/${image.id}/file`, 'live-images-other')
            .set('content-type', 'application/octet-stream')
            .send(Buffer.from('x'))
        ).status,
      ).toBe(404);

      const data = randomBytes(LIMIT - 1000);
      const uploaded = await call('put', `/images/${image.id}/file`)
        .set('content-type', 'application/octet-stream')
        .send(data);
      expect(uploaded.status).toBe(200);
      expect(uploaded.body).toMatchObject({
        status: 'active',
        sizeBytes: data.length,
        checksum: createHash('md5').update(data).digest('hex'),
        hashAlgo: 'sha512',
        hashValue: createHash('sha512').update(data).digest('hex'),
      });
      const again = await call('put', `/images/${image.id}/file`)
        .set('content-type', 'application/octet-stream')
        .send(Buffer.from('more'));
      expect(again.status).toBe(409);

      const server = await call('post', '/servers').send({
        name: 'vm-lifecycle-live-from-image',
        imageId: image.id,
        flavorId,
      });
      expect(server.status).toBe(202);
      const serverId = (server.body as { id: string }).id;
      let status = '';
      for (let i = 0; i < 120 && status !== 'ACTIVE'; i++) {
        status = ((await call('get', `/servers/${serverId}`)).body as { status: string }).status;
        if (status === 'ERROR') throw new Error('the server booted from the image went ERROR');
        if (status !== 'ACTIVE') await sleep(1_000);
      }
      expect(status).toBe('ACTIVE');
      expect((await call('delete', `/servers/${serverId}`)).status).toBe(202);

      expect((await call('delete', `/images/${image.id}`, 'live-images-other')).status).toBe(404);
      expect((await call('delete', `/images/${image.id}`)).status).toBe(204);
      expect((await call('get', `/images/${image.id}`)).status).toBe(404);
    },
    TIMEOUT_MS,
  );

  it(
    'cuts off a stream over IMAGE_UPLOAD_MAX_BYTES with 413; Glance has the image queued again',
    async () => {
      const image = await register('vm-lifecycle-live-too-big');
      const res = await fetch(`${baseUrl}/api/v1/images/${image.id}/file`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${keys['live-images']}`,
          'content-type': 'application/octet-stream',
        },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 3; i++) controller.enqueue(randomBytes(1024 * 1024));
            controller.close();
          },
        }),
        duplex: 'half',
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
      let status = 'saving';
      for (let i = 0; i < 30 && status !== 'queued'; i++) {
        status = (await read(image.id)).status;
        if (status !== 'queued') await sleep(1_000);
      }
      expect(status).toBe('queued');
      expect((await read(image.id)).sizeBytes).toBeNull();
    },
    TIMEOUT_MS,
  );
});
