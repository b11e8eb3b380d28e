import { DataSource } from 'typeorm';
import { MockImageEntity } from '../src/simulator';
import { Api, type Page } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

/** Follows nextCursor to the end; `between` runs after each page. Returns the ids in order. */
async function walk(
  api: Api,
  path: string,
  limit: number,
  between: (page: number) => Promise<void> = () => Promise.resolve(),
): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let cursor: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const query: string = `${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await api.get(`${path}${query}`);
    expect(res.status).toBe(200);
    const page = res.body as Page<{ id: string }>;
    ids.push(...page.items.map((i) => i.id));
    pages.push(page.items.length);
    cursor = page.nextCursor;
    if (cursor !== null) expect(typeof cursor).toBe('string');
    await between(pages.length);
    expect(pages.length).toBeLessThan(100);
  } while (cursor !== null);
  return { ids, pages };
}

describe('pagination', () => {
  let t: TestApp;
  let admin: Api;

  beforeAll(async () => {
    t = await createTestApp();
    admin = new Api(t);
  });
  afterAll(() => t.close());

  async function seed(api: Api, n: number, name = 'vm'): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 1) {
      // Some servers share a timestamp, some do not: the order must hold either way.
      if (i % 3 === 0) t.clock.advance(1_000);
      ids.push((await api.createServer({ name: `${name}-${i}` })).id);
    }
    return ids.reverse(); // newest first
  }

  it('walks every server once, newest first, while new ones are created meanwhile', async () => {
    const api = await admin.as('page-walk');
    const expected = await seed(api, 8);
    const added: string[] = [];
    const { ids, pages } = await walk(api, '/servers', 3, async () => {
      t.clock.advance(10);
      added.push((await api.createServer({ name: 'late' })).id);
    });
    expect(ids).toEqual(expected);
    expect(pages).toEqual([3, 3, 2]);

    // The ones created during the walk were newer: a fresh walk shows them first.
    const again = await walk(api, '/servers', 5);
    expect(again.ids).toEqual([...added.reverse(), ...expected]);
  });

  it('skips nothing when servers are deleted between pages, the cursor one included', async () => {
    const api = await admin.as('page-delete');
    const expected = await seed(api, 9);
    const gone = new Set<string>();
    const { ids } = await walk(api, '/servers', 3, async (page) => {
      if (page !== 1) return;
      // The last item of page 1 (the cursor's row) and one on page 3.
      for (const id of [expected[2], expected[7]]) {
        expect((await api.delete(`/servers/${id}`)).status).toBe(202);
        gone.add(id);
      }
    });
    expect(ids).toEqual(expected.filter((id) => !gone.has(id) || id === expected[2]));
  });

  it('ends with nextCursor null, without an empty page, on an exact multiple', async () => {
    const api = await admin.as('page-exact');
    const expected = await seed(api, 6);
    const { ids, pages } = await walk(api, '/servers', 3);
    expect(ids).toEqual(expected);
    expect(pages).toEqual([3, 3]);
    const one = await walk(api, '/servers', 200);
    expect(one.pages).toEqual([6]);
  });

  it('returns 50 by default', async () => {
    const api = await admin.as('page-default');
    const expected = await seed(api, 51);
    const first = await api.listServers();
    expect(first.items.map((s) => s.id)).toEqual(expected.slice(0, 50));
    expect(first.nextCursor).not.toBeNull();
    const rest = await api.listServers(`cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(rest.items.map((s) => s.id)).toEqual(expected.slice(50));
    expect(rest.nextCursor).toBeNull();
  });

  it('keeps filters across pages', async () => {
    const api = await admin.as('page-filter');
    await seed(api, 3, 'db');
    const web = await seed(api, 5, 'web');
    await seed(api, 2, 'cache');
    const { ids, pages } = await walk(api, '/servers?name=web', 2);
    expect(ids).toEqual(web);
    expect(pages).toEqual([2, 2, 1]);
  });

  it('pages the action history, newest first', async () => {
    const server = await admin.createServer();
    for (const action of ['stop', 'start', 'stop', 'start']) {
      t.clock.advance(1_000);
      expect((await admin.action(server.id, action)).status).toBe(202);
    }
    const all = await admin.history(server.id);
    expect(all.map((a) => a.action)).toEqual(['start', 'stop', 'start', 'stop', 'create']);
    const { ids, pages } = await walk(admin, `/servers/${server.id}/actions`, 2);
    expect(ids).toEqual(all.map((a) => a.id));
    expect(pages).toEqual([2, 2, 1]);
  });

  it('pages filtered images a page at a time, past a deleted one and other projects’ ones', async () => {
    const api = await admin.as('page-images');
    const other = await admin.as('page-images-other');
    const [server, otherServer] = [await api.createServer(), await other.createServer()];
    const snapshot = async (as: Api, id: string, name: string) => {
      const res = await as.action(id, 'snapshot', { name });
      expect(res.status).toBe(202);
      return (res.body as { imageId: string }).imageId;
    };
    // Seven "nightly" snapshots, some sharing a timestamp, among another project's
    // "nightly" ones and "weekly" ones of the same server.
    const nightly: string[] = [];
    for (let i = 0; i < 7; i++) {
      if (i % 3 === 0) t.clock.advance(1_000);
      nightly.push(await snapshot(api, server.id, 'nightly'));
      await snapshot(other, otherServer.id, 'nightly');
      await snapshot(api, server.id, 'weekly');
    }
    const path = '/images?name=nightly&status=active';
    const single = (await api.get(`${path}&limit=200`)).body as Page<{ id: string }>;
    const expected = single.items.map((i) => i.id);
    expect([...expected].sort()).toEqual([...nightly].sort());
    expect(single.nextCursor).toBeNull();

    // The image the first page ended on is deleted before the second page is read.
    const { ids, pages } = await walk(api, path, 3, async (page) => {
      if (page !== 1) return;
      const images = t.cloudApp.get(DataSource).getRepository(MockImageEntity);
      expect((await images.delete({ id: expected[2] })).affected).toBe(1);
    });
    expect(ids).toEqual(expected);
    expect(pages).toEqual([3, 3, 1]);

    // An admin reads them as the project sees them.
    const asAdmin = await walk(admin, `${path}&projectId=page-images`, 4);
    expect(asAdmin.ids).toEqual(expected.filter((id) => id !== expected[2]));
    expect(asAdmin.pages).toEqual([4, 2]);
  });

  it('pages images and API keys the same way', async () => {
    const images = await walk(admin, '/images', 3);
    const allImages = (await admin.get('/images?limit=200')).body as Page<{ id: string }>;
    expect(images.ids).toEqual(allImages.items.map((i) => i.id));
    expect(new Set(images.ids).size).toBe(images.ids.length);

    for (const project of ['k1', 'k2', 'k3']) await admin.as(project);
    const keys = await walk(admin, '/admin/api-keys', 2);
    const allKeys = (await admin.get('/admin/api-keys?limit=200')).body as Page<{ id: string }>;
    expect(keys.ids).toEqual(allKeys.items.map((k) => k.id));
    expect(keys.ids.length).toBeGreaterThanOrEqual(3);
    expect(new Set(keys.ids).size).toBe(keys.ids.length);
  });
});
