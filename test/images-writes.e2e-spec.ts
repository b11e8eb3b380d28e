import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { DataSource } from 'typeorm';
import { SimulatedCloud } from '../src/simulator';
import { Api, expectFieldError, expectProblem, IMAGES, MISSING_ID } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

interface ImageBody {
  id: string;
  name: string;
  status: string;
  visibility: string;
  sizeBytes: number | null;
  diskFormat: string | null;
  containerFormat: string | null;
  checksum: string | null;
  hashAlgo: string | null;
  hashValue: string | null;
  tags: string[];
  protected: boolean;
  projectId: string | null;
  properties: Record<string, string>;
}

const LIMIT = 3 * 1024 * 1024;
/** One tag more than an image takes; it prints short in test names. */
const TOO_MANY_TAGS = Object.assign(
  Array.from({ length: 129 }, (_, i) => `t${i}`),
  { toJSON: () => '129 tags' },
);
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('hex');

// Runs with the simulator bound in-process, and again in `npm run test:e2e-real` with the
// real client streaming to the OpenStack-compatible API's Glance: the answers must be the same.
describe('images: register, upload, delete', () => {
  let t: TestApp;
  let blue: Api;
  let red: Api;

  beforeAll(async () => {
    t = await createTestApp({ IMAGE_UPLOAD_MAX_BYTES: String(LIMIT) }, { listen: true });
    const admin = new Api(t);
    blue = await admin.as('team-blue');
    red = await admin.as('team-red');
  });
  afterAll(() => t.close());

  const register = async (api = blue, body: Record<string, unknown> = {}) => {
    const res = await api.post('/images', {
      name: 'appliance',
      diskFormat: 'raw',
      containerFormat: 'bare',
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body as ImageBody;
  };
  const upload = (api: Api, id: string, data: Buffer | string, type = 'application/octet-stream') =>
    api.call('put', `/images/${id}/file`).set('content-type', type).send(data);
  const image = async (id: string, api = blue) =>
    (await api.get(`/images/${id}`)).body as ImageBody;
  /** The cloud's image data rows (the simulator's chunks), wherever the cloud runs. */
  const chunks = async (id: string) => {
    const [row] = await t.cloudApp
      .get(DataSource)
      .query<{ n: string | number }[]>(
        'SELECT COUNT(*) AS n FROM mock_image_data WHERE "imageId" = $1'.replace(
          '$1',
          t.cloudApp.get(DataSource).options.type === 'postgres' ? '$1' : '?',
        ),
        [id],
      );
    return Number(row.n);
  };

  it('registers a queued image of the project, with Location', async () => {
    const res = await blue.post('/images', {
      name: 'my-appliance',
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      minDiskGb: 1,
      minRamMb: 64,
      tags: ['a', 'b', 'a'],
      properties: { os_distro: 'cirros' },
    });
    expect(res.status).toBe(201);
    const body = res.body as ImageBody;
    expect(res.headers.location).toBe(`/api/v1/images/${body.id}`);
    expect(body).toMatchObject({
      name: 'my-appliance',
      status: 'queued',
      visibility: 'private',
      sizeBytes: null,
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      checksum: null,
      tags: ['a', 'b'],
      protected: false,
      projectId: 'team-blue',
      properties: { os_distro: 'cirros' },
    });
    expect(await image(body.id)).toEqual(body);
    expectProblem(await red.get(`/images/${body.id}`), 404, 'IMAGE_NOT_FOUND');
    const community = await register(blue, { visibility: 'community' });
    expect((await image(community.id, red)).projectId).toBe('team-blue');
  });

  it.each([
    [{ diskFormat: 'floppy' }, 'diskFormat'],
    [{ containerFormat: 'zip' }, 'containerFormat'],
    [{ visibility: 'public' }, 'visibility'],
    [{ name: '' }, 'name'],
    [{ minRamMb: -1 }, 'minRamMb'],
    [{ tags: TOO_MANY_TAGS }, 'tags'],
    [{ properties: { os_glance_foo: 'x' } }, 'properties'],
    [{ properties: { 'vm-lifecycle:project': 'team-red' } }, 'properties'],
    [{ properties: { status: 'active' } }, 'properties'],
    [{ properties: { n: 5 } }, 'properties'],
  ])('refuses %# (%j) as VALIDATION_FAILED naming the field', async (fields, field) => {
    const res = await blue.post('/images', {
      name: 'x',
      diskFormat: 'raw',
      containerFormat: 'bare',
      ...fields,
    });
    expectFieldError(res, field);
  });

  it('streams data in: active, with its size, md5 and sha512, once', async () => {
    const created = await register();
    const data = randomBytes(2 * 1024 * 1024 + 99);
    const res = await upload(blue, created.id, data);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.id,
      status: 'active',
      sizeBytes: data.length,
      checksum: md5(data),
      hashAlgo: 'sha512',
      hashValue: sha512(data),
    });
    const again = expectProblem(
      await upload(blue, created.id, 'more'),
      409,
      'INVALID_STATE_TRANSITION',
    );
    expect(again.detail).toContain('is active');
    // And it boots.
    const server = await blue.createServer({ imageId: created.id });
    expect(server.imageId).toBe(created.id);
  });

  it('takes application/octet-stream only, and only there', async () => {
    const created = await register();
    expectProblem(
      await upload(blue, created.id, '{}', 'application/json'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(
      await upload(blue, created.id, 'text', 'text/plain'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const elsewhere = await blue
      .call('post', '/servers')
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from('{}'));
    expectProblem(elsewhere, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect((await image(created.id)).status).toBe('queued');
  });

  it("answers another project's image, or the operator's, 404", async () => {
    const created = await register();
    expectProblem(await upload(red, created.id, 'x'), 404, 'IMAGE_NOT_FOUND');
    expectProblem(await upload(blue, IMAGES.cirros, 'x'), 404, 'IMAGE_NOT_FOUND');
    expectProblem(await upload(blue, MISSING_ID, 'x'), 404, 'IMAGE_NOT_FOUND');
    expect((await image(created.id)).status).toBe('queued');
  });

  it('refuses data over IMAGE_UPLOAD_MAX_BYTES with 413, the image still queued', async () => {
    const created = await register();
    const declared = await upload(blue, created.id, randomBytes(LIMIT + 1));
    expect(expectProblem(declared, 413, 'PAYLOAD_TOO_LARGE').detail).toContain(String(LIMIT));
    expect((await image(created.id)).status).toBe('queued');
    // Without a Content-Length: cut off as it passes the limit.
    const chunked = await fetch(`${t.baseUrl!}/api/v1/images/${created.id}/file`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${blue.key}`, 'content-type': 'application/octet-stream' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(randomBytes(1024 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
    expect((await image(created.id)).status).toBe('queued');
    expect(await chunks(created.id)).toBe(0);
    expect((await upload(blue, created.id, randomBytes(LIMIT))).status).toBe(200);
  });

  it('writes the data as it arrives, and a cut-off upload leaves the image queued, with nothing', async () => {
    const created = await register();
    const url = new URL(t.baseUrl!);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `PUT /api/v1/images/${created.id}/file HTTP/1.1\r\nHost: ${url.host}\r\n` +
        `Authorization: Bearer ${blue.key}\r\nContent-Type: application/octet-stream\r\n` +
        `Content-Length: ${LIMIT}\r\n\r\n`,
    );
    socket.write(randomBytes(2 * 1024 * 1024 + 10));
    // Two whole chunks are stored while the request is still open: nothing waits for the end.
    let stored = 0;
    for (let i = 0; i < 100 && stored < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stored = await chunks(created.id);
    }
    expect(stored).toBe(2);
    expect((await image(created.id)).status).toBe('saving');
    socket.destroy();
    let status = 'saving';
    for (let i = 0; i < 100 && status === 'saving'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await image(created.id)).status;
    }
    expect(status).toBe('queued');
    expect(await chunks(created.id)).toBe(0);
  });

  it('deletes an image of the project; never another project’s or the operator’s', async () => {
    const created = await register();
    expectProblem(await red.delete(`/images/${created.id}`), 404, 'IMAGE_NOT_FOUND');
    expectProblem(await blue.delete(`/images/${IMAGES.cirros}`), 404, 'IMAGE_NOT_FOUND');
    const community = await register(blue, { visibility: 'community' });
    expectProblem(await red.delete(`/images/${community.id}`), 404, 'IMAGE_NOT_FOUND');
    await upload(blue, created.id, randomBytes(1000));
    expect((await blue.delete(`/images/${created.id}`)).status).toBe(204);
    expectProblem(await blue.get(`/images/${created.id}`), 404, 'IMAGE_NOT_FOUND');
    expectProblem(await blue.delete(`/images/${created.id}`), 404, 'IMAGE_NOT_FOUND');
    expect(await chunks(created.id)).toBe(0);
    // An admin key acts for the project it names.
    expect((await new Api(t).delete(`/images/${community.id}?projectId=team-blue`)).status).toBe(
      204,
    );
  });

  it('refuses to delete a protected image (protected in the cloud) with 409', async () => {
    const created = await register();
    await t.cloudApp
      .get(SimulatedCloud)
      .glance.update({ projectId: 'admin', admin: true }, created.id, { isProtected: true });
    expect((await image(created.id)).protected).toBe(true);
    expectProblem(await blue.delete(`/images/${created.id}`), 409, 'IMAGE_PROTECTED');
    expect((await image(created.id)).status).toBe('queued');
  });
});
