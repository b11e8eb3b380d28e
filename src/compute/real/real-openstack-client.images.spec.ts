import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO_PROJECT, startOpenStackCloud } from '../../../test/support/openstack-cloud';
import type { OpenStackCloud } from '../../../test/support/openstack-cloud';
import { MockImageEntity } from '../../simulator';
import type { CloudImage, CloudScope, ListPosition } from '../cloud-records';
import { imageRow, insertImages } from '../testing/image-rows';
import { READS_PER_PAGE } from './image-pages';
import type { RealOpenStackClient } from './real-openstack-client';
import { PROJECT_TAG } from './scope-tag';
import type { CountingHttpObserver } from './testing/counting-http-observer';
import { facadeClient } from './testing/facade-client';

const SCOPE: CloudScope = { projectId: 'team-blue' };
const T0 = Date.parse('2030-06-01T00:00:00.000Z');
/** Whole seconds, as Glance keeps `created_at`. */
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/**
 * What one image page costs the real client in Glance requests, against the façade over
 * a simulator seeded straight through its table.
 */
describe('RealOpenStackClient image pages', () => {
  let cloud: OpenStackCloud;
  let client: RealOpenStackClient;
  let requests: CountingHttpObserver;

  beforeAll(async () => {
    cloud = await startOpenStackCloud();
    ({ client, requests } = facadeClient(cloud));
  });
  afterAll(async () => {
    await client.onApplicationShutdown();
    await cloud.close();
  });
  beforeEach(() => requests.reset());

  /** Private images of the client's cloud project, tagged for a service project. */
  const seed = (images: { project: string; seconds: number; name: string }[]) =>
    insertImages(
      cloud.t.app.get(DataSource),
      images.map(({ project, seconds, name }) =>
        imageRow({
          name,
          visibility: 'private',
          ownerProjectId: DEMO_PROJECT,
          properties: { [PROJECT_TAG]: project },
          createdAt: at(seconds),
        }),
      ),
    );
  const ids = (images: { id: string }[]) => images.map((image) => image.id);
  const glance = () => requests.urls({ service: 'image' });
  const page = (name: string, limit: number, after?: ListPosition | null) =>
    client.listImages(SCOPE, { name }, { limit, after: after ?? undefined });

  it('reads a page with one Glance request of limit + 1 images, whatever the number of images', async () => {
    const name = `bulk-${randomUUID()}`;
    // 30 images, three to a second.
    const rows = ids(
      await seed(
        Array.from({ length: 30 }, (_, i) => ({
          project: SCOPE.projectId,
          seconds: Math.floor(i / 3),
          name,
        })),
      ),
    );

    const first = await page(name, 5);
    expect(ids(first.items)).toEqual(rows.slice(0, 5));
    expect(glance()).toHaveLength(1);
    const [firstUrl] = glance();
    expect(Object.fromEntries(firstUrl.searchParams)).toEqual({
      limit: '6',
      sort_key: 'created_at',
      sort_dir: 'desc',
      name,
    });

    requests.reset();
    const second = await page(name, 5, first.next);
    expect(ids(second.items)).toEqual(rows.slice(5, 10));
    expect(glance()).toHaveLength(1);
    expect(glance()[0].searchParams.get('marker')).toBe(rows[4]);
    expect(glance()[0].searchParams.get('limit')).toBe('6');
  });

  it(`reads on past images hidden from the scope, at most ${READS_PER_PAGE} times a page`, async () => {
    const name = `hidden-${randomUUID()}`;
    const hidden = ids(
      await seed(
        Array.from({ length: 10 }, (_, i) => ({ project: 'team-red', seconds: 100 + i, name })),
      ),
    );
    const own = ids(
      await seed(
        Array.from({ length: 4 }, (_, i) => ({ project: SCOPE.projectId, seconds: i, name })),
      ),
    );

    // Three reads of three, all hidden: the page ends empty, after the last image read.
    const first = await page(name, 2);
    expect(first.items).toEqual([]);
    expect(first.next?.id).toBe(hidden[3 * READS_PER_PAGE - 1]);
    expect(glance()).toHaveLength(READS_PER_PAGE);

    const walked: CloudImage[] = [];
    for (let next = first.next; next;) {
      requests.reset();
      const more = await page(name, 2, next);
      expect(glance().length).toBeLessThanOrEqual(READS_PER_PAGE);
      walked.push(...more.items);
      next = more.next;
    }
    expect(ids(walked)).toEqual(own);
  });

  it('goes on by time when the image the page ended on was deleted meanwhile', async () => {
    const name = `deleted-${randomUUID()}`;
    // Seven images in one second: their order is the ids'.
    const rows = ids(
      await seed(
        Array.from({ length: 7 }, () => ({ project: SCOPE.projectId, seconds: 200, name })),
      ),
    );
    const first = await page(name, 3);
    expect(ids(first.items)).toEqual(rows.slice(0, 3));
    await cloud.t.app.get(DataSource).getRepository(MockImageEntity).delete({ id: rows[2] });

    requests.reset();
    const second = await page(name, 3, first.next);
    expect(ids(second.items)).toEqual(rows.slice(3, 6));
    const [byMarker, byTime] = requests.exchanges;
    expect(byMarker).toMatchObject({ service: 'image', outcome: 400 });
    expect(new URL(byMarker.url).searchParams.get('marker')).toBe(rows[2]);
    expect(byTime).toMatchObject({ service: 'image', outcome: 200 });
    const query = new URL(byTime.url).searchParams;
    expect(query.get('created_at')).toBe('lte:2030-06-01T00:03:20Z');
    expect(query.has('marker')).toBe(false);

    const third = await page(name, 3, second.next);
    expect(ids(third.items)).toEqual(rows.slice(6));
    expect(third.next).toBeNull();
  });

  it('catches up by time through more images than a read, repeating none', async () => {
    const name = `catch-up-${randomUUID()}`;
    const rows = ids(
      await seed(
        Array.from({ length: 9 }, () => ({ project: SCOPE.projectId, seconds: 300, name })),
      ),
    );
    const walked: string[] = [];
    let next: ListPosition | null = null;
    do {
      const one = await page(name, 1, next);
      walked.push(...ids(one.items));
      next = one.next;
      // After the eighth page its image goes: reading by time from the top of the second
      // repeats the seven before it, four reads of two, before passing the position.
      if (walked.length === 8) {
        await cloud.t.app.get(DataSource).getRepository(MockImageEntity).delete({ id: rows[7] });
      }
    } while (next);
    expect(walked).toEqual(rows);
  });
});
