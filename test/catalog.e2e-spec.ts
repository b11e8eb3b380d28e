import { SEED_CREATED_AT, SEED_FLAVORS, SEED_IMAGES } from '../src/simulator';
import { Api, expectFieldError, expectProblem, IMAGES, type Page } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

describe('flavors and images', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp();
    admin = new Api(t);
  });
  afterAll(() => t.close());

  it('lists flavors smallest first and reads one', async () => {
    const list = await admin.get('/flavors');
    expect(list.status).toBe(200);
    const flavors = (list.body as Page<Flavor>).items;
    // The seed catalog lists them smallest first.
    expect(flavors).toEqual(Object.values(SEED_FLAVORS));
    const ram = flavors.map((f) => f.ramMb);
    expect(ram).toEqual([...ram].sort((a, b) => a - b));
    expect((await admin.get('/flavors/3')).body).toEqual(flavors.find((f) => f.id === '3'));
    expectProblem(await admin.get('/flavors/999'), 404, 'FLAVOR_NOT_FOUND');
    expectFieldError(await admin.get('/flavors/a%20b'), 'id');
  });

  it('lists images with name and status filters, and reads one', async () => {
    const queued = await admin.get('/images?status=queued');
    const items = (queued.body as Page<{ name: string }>).items;
    expect(items.map((i) => i.name)).toEqual([SEED_IMAGES.fedoraQueued.name]);
    const byName = (await admin.get(`/images?name=${SEED_IMAGES.ubuntu.name}`)).body as Page<{
      id: string;
    }>;
    expect(byName.items.map((i) => i.id)).toEqual([IMAGES.ubuntu]);
    const one = await admin.get(`/images/${IMAGES.windows}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      ...SEED_IMAGES.windows,
      visibility: 'public',
      createdAt: SEED_CREATED_AT,
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      // The seeded images have no bytes: their checksums derive from their id, as shown in Glance.
      checksum: expect.stringMatching(/^[0-9a-f]{32}$/),
      hashAlgo: 'sha512',
      hashValue: expect.stringMatching(/^[0-9a-f]{128}$/),
      tags: [],
      protected: false,
      projectId: null,
      properties: {},
    });
    expectFieldError(await admin.get('/images?status=bogus'), 'status');
    expectProblem(
      await admin.get('/images/00000000-0000-4000-8000-000000000000'),
      404,
      'IMAGE_NOT_FOUND',
    );
  });

  it("a member sees the public images and its own project's snapshots only", async () => {
    const blue = await admin.as('catalog-blue');
    const green = await admin.as('catalog-green');
    const server = await blue.createServer();
    const snap = await blue.action(server.id, 'snapshot', { name: 'blue-snap' });
    const { imageId } = snap.body as { imageId: string };
    const ids = async (api: Api) =>
      ((await api.get('/images?limit=200')).body as Page<{ id: string }>).items.map((i) => i.id);
    expect(await ids(blue)).toEqual(expect.arrayContaining([imageId, ...Object.values(IMAGES)]));
    expect(await ids(green)).not.toContain(imageId);
    expect(await ids(green)).toEqual(expect.arrayContaining(Object.values(IMAGES)));
  });
});
