import { IsNull, type DataSource, type FindOptionsWhere } from 'typeorm';
import { ServerQueries } from '../server-queries';
import { ServerTagEntity } from '../server-tag.entity';
import { ServerEntity } from '../server.entity';

/**
 * The store's hot reads in plain SQL against the repository they stand in for, on a
 * database with the migrations run (`open`) and nothing in its inventory: run on SQLite by
 * `server-queries.spec.ts` and on PostgreSQL by `test/postgres/server-queries.pg-spec.ts`.
 */
export function describeServerQueries(
  name: string,
  open: () => Promise<{ dataSource: DataSource; close(): Promise<void> }>,
): void {
  describe(name, () => {
    let dataSource: DataSource;
    let queries: ServerQueries;

    const at = (n: number) => new Date(Date.UTC(2030, 0, 1) + n * 1000);
    const row = (n: number, changes: Partial<ServerEntity> = {}): ServerEntity => ({
      id: `0d000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
      projectId: n % 3 === 0 ? 'other' : 'p',
      cloudId: n % 4 === 0 ? null : `cloud-${n}`,
      name: `vm_${n}%`,
      status: n % 2 ? 'ACTIVE' : 'SHUTOFF',
      taskState: n % 5 === 0 ? 'rebooting' : null,
      transitional: n % 5 === 0,
      flavorId: String(1 + (n % 2)),
      imageId: 'img',
      metadata: { n: String(n) },
      tags: n % 2 ? ['a', 'b'] : ['a'],
      fault: n % 7 === 0 ? { code: 500, message: 'boom' } : null,
      keyName: n % 2 ? 'key' : null,
      accessIpv4: n % 2 ? '10.0.0.1' : null,
      accessIpv6: null,
      createdAt: at(n % 4 === 1 ? 1 : n), // some share a creation time: the id breaks ties
      updatedAt: at(n + 1),
      launchedAt: n % 2 ? at(n + 2) : null,
      addresses: n % 2 ? { net: [{ address: '10.0.0.1', version: 4, type: 'fixed' }] } : {},
      deletedAt: n % 6 === 0 ? at(n + 3) : null,
      lockedBy: n % 3 === 1 ? 'admin' : null,
      intentAt: null,
      version: n,
      ...changes,
    });

    let opened: { dataSource: DataSource; close(): Promise<void> };

    beforeAll(async () => {
      opened = await open();
      dataSource = opened.dataSource;
      const rows = Array.from({ length: 40 }, (_, i) => row(i + 1));
      // Before the insert: TypeORM writes what the database returns back into the rows.
      const tags = rows.flatMap((r) => r.tags.map((tag) => ({ serverId: r.id, tag })));
      await dataSource.getRepository(ServerEntity).insert(rows);
      await dataSource.getRepository(ServerTagEntity).insert(tags);
      queries = new ServerQueries(dataSource);
    });

    afterAll(() => opened.close());

    const repository = () => dataSource.getRepository(ServerEntity);

    it('reads a server exactly as the repository does, and no deleted one', async () => {
      for (let n = 1; n <= 40; n++) {
        const id = row(n).id;
        const expected = await repository().findOneBy({ id, deletedAt: IsNull() });
        const actual = await queries.byId(dataSource.manager, id);
        expect(actual).toStrictEqual(expected);
        expect(actual === null).toBe(n % 6 === 0);
      }
      expect(await queries.byId(dataSource.manager, row(99).id)).toBeNull();
    });

    /** Every page, following the cursors, with `limit` rows a page. */
    async function allPages(filters: Parameters<ServerQueries['page']>[1], limit: number) {
      const seen: ServerEntity[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const page = await queries.page(dataSource.manager, filters, limit, cursor);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        if (!page.nextCursor) return seen;
        cursor = page.nextCursor;
      }
      throw new Error('the pages never end');
    }

    const newestFirst = (where: FindOptionsWhere<ServerEntity>) =>
      repository().find({
        where: { deletedAt: IsNull(), ...where },
        order: { createdAt: 'DESC', id: 'DESC' },
      });

    it('pages through the live servers newest first, as the repository orders them', async () => {
      const expected = await newestFirst({});
      expect(expected.length).toBeGreaterThan(20);
      expect(await allPages({}, 7)).toStrictEqual(expected);
      expect(await allPages({}, expected.length)).toStrictEqual(expected);
      expect((await queries.page(dataSource.manager, {}, expected.length)).nextCursor).toBeNull();
    });

    it('filters by project, status, image, flavor, name and tags', async () => {
      expect(await allPages({ projectId: 'other' }, 3)).toStrictEqual(
        await newestFirst({ projectId: 'other' }),
      );
      expect(await allPages({ status: 'ACTIVE', flavorId: '2', imageId: 'img' }, 4)).toStrictEqual(
        await newestFirst({ status: 'ACTIVE', flavorId: '2', imageId: 'img' }),
      );
      expect(await allPages({ imageId: 'nope' }, 4)).toEqual([]);
      // A substring, case-insensitive, with the LIKE wildcards taken literally.
      expect((await allPages({ name: 'VM_1' }, 50)).map((s) => s.name).sort()).toEqual([
        'vm_1%',
        'vm_10%',
        'vm_11%',
        'vm_13%',
        'vm_14%',
        'vm_15%',
        'vm_16%',
        'vm_17%',
        'vm_19%',
      ]);
      expect((await allPages({ name: '_1%' }, 50)).map((s) => s.name)).toEqual(['vm_1%']);
      expect(await allPages({ name: 'x%' }, 50)).toEqual([]);
      const both = await allPages({ tags: ['a', 'b'] }, 5);
      expect(both.map((s) => s.id)).toEqual(
        (await newestFirst({})).filter((s) => s.tags.includes('b')).map((s) => s.id),
      );
      expect(await allPages({ tags: ['a', 'c'] }, 5)).toEqual([]);
    });
  });
}
