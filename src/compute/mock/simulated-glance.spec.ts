import { createHash, randomBytes } from 'node:crypto';
import {
  CloudBadRequestError,
  CloudConflictError,
  CloudForbiddenError,
  CloudGoneError,
  CloudNotFoundError,
  CloudQuotaExceededError,
} from '../cloud-errors';
import type { CloudScope } from '../cloud-records';
import { CHUNK_BYTES, MAX_IMAGE_TAGS, SEED_IMAGES, type NewImage } from '../../simulator';
import {
  createMockOpenStackTesting,
  type MockOpenStackTesting,
} from './testing/mock-openstack-testing';

const DEMO: CloudScope = { projectId: 'demo' };
const OTHER: CloudScope = { projectId: 'other' };
const ADMIN: CloudScope = { projectId: 'admin', admin: true };

const image = (fields: Partial<NewImage> = {}): NewImage => ({
  name: 'img',
  diskFormat: 'raw',
  containerFormat: 'bare',
  visibility: 'private',
  isProtected: false,
  osHidden: false,
  minDiskGb: 0,
  minRamMb: 0,
  tags: [],
  properties: {},
  ...fields,
});

async function* pieces(data: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) {
    await Promise.resolve();
    yield data.subarray(at, at + size);
  }
}

async function* failingAfter(data: Buffer, error: Error): AsyncGenerator<Buffer> {
  yield* pieces(data);
  throw error;
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('hex');

describe('SimulatedGlance (image writes of the simulated cloud)', () => {
  let t: MockOpenStackTesting;
  const chunkCount = async (id: string) => {
    const [row] = await t.dataSource.query<{ n: number }[]>(
      'SELECT COUNT(*) AS n FROM mock_image_data WHERE "imageId" = ?',
      [id],
    );
    return Number(row.n);
  };
  const read = async (id: string, scope = DEMO) => {
    const data = await t.cloud.glance.openData(scope, id);
    if (!data) return null;
    const out: Buffer[] = [];
    for await (const chunk of data.chunks()) out.push(chunk);
    return Buffer.concat(out);
  };
  const status = async (id: string, scope = DEMO) => (await t.cloud.image(scope, id))?.status;

  beforeEach(async () => {
    t = await createMockOpenStackTesting();
  });
  afterEach(() => t.close());

  it('registers an image queued, owned by the project, with its tags once each', async () => {
    const row = await t.cloud.glance.create(DEMO, image({ tags: ['a', 'b', 'a'] }));
    expect(row).toMatchObject({ status: 'queued', ownerProjectId: 'demo', sizeBytes: null });
    expect(row.tags).toEqual(['a', 'b']);
    await expect(t.cloud.glance.create(DEMO, image({ id: row.id }))).rejects.toThrow(
      new CloudConflictError(`Image ID ${row.id} already exists!`),
    );
  });

  it('lets only an admin name another owner or make an image public', async () => {
    await expect(
      t.cloud.glance.create(DEMO, image({ ownerProjectId: 'other' })),
    ).rejects.toBeInstanceOf(CloudForbiddenError);
    await expect(t.cloud.glance.create(DEMO, image({ visibility: 'public' }))).rejects.toThrow(
      'You are not authorized to complete publicize_image action.',
    );
    const row = await t.cloud.glance.create(ADMIN, image({ ownerProjectId: 'other' }));
    expect(row.ownerProjectId).toBe('other');
  });

  it('shows private and shared images to their project (and admins) only', async () => {
    const priv = await t.cloud.glance.create(DEMO, image({ visibility: 'private' }));
    const shared = await t.cloud.glance.create(DEMO, image({ visibility: 'shared' }));
    const community = await t.cloud.glance.create(DEMO, image({ visibility: 'community' }));
    for (const id of [priv.id, shared.id]) {
      expect(await t.cloud.image(OTHER, id)).toBeNull();
      expect(await t.cloud.image(ADMIN, id)).not.toBeNull();
    }
    expect(await t.cloud.image(OTHER, community.id)).not.toBeNull();
    const seen = (await t.cloud.images(OTHER)).map((row) => row.id);
    expect(seen).toContain(community.id);
    expect(seen).not.toContain(shared.id);
  });

  it('streams an upload in 1 MiB chunks: queued → active with size, md5 and sha512', async () => {
    const data = randomBytes(2 * CHUNK_BYTES + 12345);
    const row = await t.cloud.glance.create(DEMO, image());
    const done = await t.cloud.glance.upload(DEMO, row.id, pieces(data, 100_000));
    expect(done).toMatchObject({
      status: 'active',
      sizeBytes: data.length,
      checksum: md5(data),
      hashValue: sha512(data),
      virtualSize: data.length,
    });
    expect(await chunkCount(row.id)).toBe(3);
    expect((await read(row.id))!.equals(data)).toBe(true);
  });

  it('is saving while the data comes in', async () => {
    const row = await t.cloud.glance.create(DEMO, image());
    let seen: string | undefined;
    const source = async function* () {
      yield Buffer.from('first');
      seen = await status(row.id);
      yield Buffer.from('second');
    };
    await t.cloud.glance.upload(DEMO, row.id, source());
    expect(seen).toBe('saving');
    expect(await status(row.id)).toBe('active');
  });

  it('puts an image whose upload failed back to queued, with nothing written', async () => {
    const row = await t.cloud.glance.create(DEMO, image());
    const boom = new Error('client went away');
    await expect(
      t.cloud.glance.upload(DEMO, row.id, failingAfter(randomBytes(CHUNK_BYTES + 10), boom)),
    ).rejects.toBe(boom);
    expect(await status(row.id)).toBe('queued');
    expect(await chunkCount(row.id)).toBe(0);
    expect(await read(row.id)).toBeNull();
    // And it can be uploaded again.
    await t.cloud.glance.upload(DEMO, row.id, pieces(Buffer.from('again')));
    expect((await read(row.id))!.toString()).toBe('again');
  });

  it('ends an upload whose image was deleted meanwhile with 410, leaving no chunk', async () => {
    const row = await t.cloud.glance.create(DEMO, image());
    const source = async function* () {
      yield randomBytes(CHUNK_BYTES);
      await t.cloud.glance.delete(DEMO, row.id);
      yield randomBytes(10);
    };
    await expect(t.cloud.glance.upload(DEMO, row.id, source())).rejects.toBeInstanceOf(
      CloudGoneError,
    );
    expect(await chunkCount(row.id)).toBe(0);
  });

  it('refuses data for an image that has some, lacks a format, or is another project’s', async () => {
    const row = await t.cloud.glance.create(DEMO, image());
    await t.cloud.glance.upload(DEMO, row.id, pieces(Buffer.from('x')));
    await expect(t.cloud.glance.upload(DEMO, row.id, pieces(Buffer.from('y')))).rejects.toThrow(
      new CloudConflictError('Image status transition from active to saving is not allowed'),
    );
    const bare = await t.cloud.glance.create(DEMO, image({ diskFormat: null }));
    await expect(t.cloud.glance.upload(DEMO, bare.id, pieces(Buffer.from('y')))).rejects.toThrow(
      new CloudBadRequestError('Property disk_format must be set prior to saving data.'),
    );
    expect(await status(bare.id)).toBe('queued');
    const community = await t.cloud.glance.create(DEMO, image({ visibility: 'community' }));
    await expect(
      t.cloud.glance.upload(OTHER, community.id, pieces(Buffer.from('y'))),
    ).rejects.toBeInstanceOf(CloudForbiddenError);
    await expect(
      t.cloud.glance.upload(DEMO, SEED_IMAGES.cirros.id, pieces(Buffer.from('y'))),
    ).rejects.toBeInstanceOf(CloudForbiddenError);
  });

  it('reads the virtual size from a qcow2 header, and none from data of another format', async () => {
    const header = Buffer.alloc(1024);
    Buffer.from([0x51, 0x46, 0x49, 0xfb]).copy(header);
    header.writeBigUInt64BE(1n << 30n, 24);
    const qcow2 = await t.cloud.glance.create(DEMO, image({ diskFormat: 'qcow2' }));
    expect((await t.cloud.glance.upload(DEMO, qcow2.id, pieces(header, 100))).virtualSize).toBe(
      2 ** 30,
    );
    const vmdk = await t.cloud.glance.create(DEMO, image({ diskFormat: 'vmdk' }));
    expect((await t.cloud.glance.upload(DEMO, vmdk.id, pieces(header))).virtualSize).toBeNull();
    const empty = await t.cloud.glance.create(DEMO, image());
    const done = await t.cloud.glance.upload(DEMO, empty.id, pieces(Buffer.alloc(0)));
    expect(done).toMatchObject({ status: 'active', sizeBytes: 0, virtualSize: null });
  });

  it('deactivates and reactivates active images; deactivated data is for admins only', async () => {
    const row = await t.cloud.glance.create(DEMO, image());
    await expect(t.cloud.glance.deactivate(DEMO, row.id)).rejects.toThrow(
      new CloudForbiddenError("Not allowed to deactivate image in status 'queued'"),
    );
    await t.cloud.glance.upload(DEMO, row.id, pieces(Buffer.from('data')));
    await t.cloud.glance.deactivate(DEMO, row.id);
    await t.cloud.glance.deactivate(DEMO, row.id);
    expect(await status(row.id)).toBe('deactivated');
    await expect(read(row.id)).rejects.toBeInstanceOf(CloudForbiddenError);
    expect((await read(row.id, ADMIN))!.toString()).toBe('data');
    await t.cloud.glance.reactivate(DEMO, row.id);
    expect(await status(row.id)).toBe('active');
    expect((await read(row.id))!.toString()).toBe('data');
  });

  it('deletes what the project owns, with its data, but never a protected image', async () => {
    const row = await t.cloud.glance.create(DEMO, image({ isProtected: true }));
    await t.cloud.glance.upload(DEMO, row.id, pieces(Buffer.from('data')));
    await expect(t.cloud.glance.delete(DEMO, row.id)).rejects.toThrow(
      new CloudForbiddenError(`Image ${row.id} is protected and cannot be deleted.`),
    );
    await t.cloud.glance.update(DEMO, row.id, { isProtected: false });
    await expect(t.cloud.glance.delete(OTHER, row.id)).rejects.toBeInstanceOf(CloudNotFoundError);
    await expect(t.cloud.glance.delete(DEMO, SEED_IMAGES.cirros.id)).rejects.toThrow(
      new CloudForbiddenError('You do not own this image'),
    );
    await t.cloud.glance.delete(DEMO, row.id);
    expect(await t.cloud.image(DEMO, row.id)).toBeNull();
    expect(await chunkCount(row.id)).toBe(0);
    await expect(t.cloud.glance.delete(DEMO, row.id)).rejects.toThrow(
      new CloudNotFoundError(`Failed to find image ${row.id} to delete`),
    );
  });

  it('changes formats only while queued, and the owner only as an admin', async () => {
    const row = await t.cloud.glance.create(DEMO, image());
    expect((await t.cloud.glance.update(DEMO, row.id, { diskFormat: 'qcow2' })).diskFormat).toBe(
      'qcow2',
    );
    await t.cloud.glance.upload(DEMO, row.id, pieces(Buffer.from('x')));
    await expect(t.cloud.glance.update(DEMO, row.id, { diskFormat: 'raw' })).rejects.toThrow(
      'Attribute disk_format can be only replaced for a queued image.',
    );
    await expect(
      t.cloud.glance.update(DEMO, row.id, { ownerProjectId: 'other' }),
    ).rejects.toBeInstanceOf(CloudForbiddenError);
    await t.cloud.glance.update(ADMIN, row.id, { ownerProjectId: 'other' });
    expect(await t.cloud.image(OTHER, row.id)).not.toBeNull();
  });

  it('adds and removes tags: again is a no-op, a missing one 404, 128 at most', async () => {
    const row = await t.cloud.glance.create(DEMO, image());
    await t.cloud.glance.addTag(DEMO, row.id, 'blue');
    await t.cloud.glance.addTag(DEMO, row.id, 'blue');
    expect((await t.cloud.image(DEMO, row.id))!.tags).toEqual(['blue']);
    await expect(t.cloud.glance.removeTag(DEMO, row.id, 'red')).rejects.toBeInstanceOf(
      CloudNotFoundError,
    );
    await t.cloud.glance.removeTag(DEMO, row.id, 'blue');
    expect((await t.cloud.image(DEMO, row.id))!.tags).toEqual([]);
    const full = Array.from({ length: MAX_IMAGE_TAGS }, (_, i) => `t${i}`);
    await t.cloud.glance.update(DEMO, row.id, { tags: full });
    await expect(t.cloud.glance.addTag(DEMO, row.id, 'one-more')).rejects.toBeInstanceOf(
      CloudQuotaExceededError,
    );
  });

  it('imports staged data with glance-direct: uploading → importing → active, its task a success', async () => {
    await t.close();
    t = await createMockOpenStackTesting(1000);
    const data = Buffer.from('staged bytes');
    const row = await t.cloud.glance.create(DEMO, image());
    const request = {
      method: 'glance-direct',
      body: { method: { name: 'glance-direct' } },
      requestId: 'req-1',
      userId: 'user-1',
    };
    await expect(t.cloud.glance.import(DEMO, row.id, request)).rejects.toThrow(
      "Image needs to be staged before 'glance-direct' method can be used",
    );
    const staged = await t.cloud.glance.upload(DEMO, row.id, pieces(data), 'stage');
    expect(staged).toMatchObject({ status: 'uploading', sizeBytes: data.length });
    await t.cloud.glance.import(DEMO, row.id, request);
    const importing = (await t.cloud.image(DEMO, row.id))!;
    expect(importing.status).toBe('importing');
    const [task] = await t.cloud.glance.tasks(DEMO, row.id);
    expect(importing.properties.os_glance_import_task).toBe(task.id);
    expect(task).toMatchObject({ status: 'processing', requestId: 'req-1', userId: 'user-1' });
    t.clock.advance(1000);
    const active = (await t.cloud.image(DEMO, row.id))!;
    expect(active).toMatchObject({ status: 'active', checksum: md5(data) });
    expect(active.properties).toEqual({
      os_glance_importing_to_stores: '',
      os_glance_failed_import: '',
    });
    const [done] = await t.cloud.glance.tasks(DEMO, row.id);
    expect(done).toMatchObject({ status: 'success', message: 'Copied 0 MiB' });
    expect((await read(row.id))!.equals(data)).toBe(true);
  });

  it('answers the other import methods as a cloud without a route out, with one store', async () => {
    const row = await t.cloud.glance.create(DEMO, image());
    const req = (method: string, extra = {}) => ({
      method,
      body: {},
      requestId: 'req',
      userId: 'user',
      ...extra,
    });
    await expect(
      t.cloud.glance.import(DEMO, row.id, req('web-download', { uri: 'http://x/y' })),
    ).rejects.toThrow(
      new CloudBadRequestError('URI for web-download does not pass filtering: http://x/y'),
    );
    await expect(t.cloud.glance.import(DEMO, row.id, req('copy-image'))).rejects.toBeInstanceOf(
      CloudConflictError,
    );
    await expect(t.cloud.glance.import(DEMO, row.id, req('nope'))).rejects.toThrow(
      "Unknown import method name 'nope'.",
    );
  });
});
