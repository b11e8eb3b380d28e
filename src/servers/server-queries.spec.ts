import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';
import { hotReadSql } from './hot-reads';
import { describeServerQueries } from './testing/server-queries.suite';

const openSqlite = async () => {
  const dataSource = await new DataSource(
    dataSourceOptions({ database: { type: 'sqlite', path: ':memory:' } }),
  ).initialize();
  await dataSource.runMigrations();
  return { dataSource, close: () => dataSource.destroy() };
};

describeServerQueries('ServerQueries (SQLite)', openSqlite);

/** The query plans of every hot read, on SQLite (which has no statistics to go by). */
describe('hot reads on SQLite', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ dataSource } = await openSqlite());
  });
  afterAll(() => dataSource.destroy());

  /** The steps of a query plan that are neither an index search nor an ordered index walk. */
  async function unindexed(sql: string, params: unknown[]): Promise<string[]> {
    const plan = await dataSource.query<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`, params);
    return plan
      .map((step) => step.detail)
      .filter((detail) => /TEMP B-TREE|^SCAN (?!.* USING (COVERING )?INDEX)/.test(detail));
  }

  it('each use an index: no table scan, no sort', async () => {
    for (const [name, sql, params] of hotReadSql(dataSource)) {
      expect([name, await unindexed(sql, params)]).toEqual([name, []]);
    }
  });

  it('would scan and sort without the index on (createdAt, id)', async () => {
    const [, sql, params] = hotReadSql(dataSource).find(([name]) => name === 'first page')!;
    await dataSource.query('DROP INDEX "idx_servers_created"');
    try {
      expect(await unindexed(sql, params)).not.toEqual([]);
    } finally {
      await dataSource.query('CREATE INDEX "idx_servers_created" ON "servers" ("createdAt", "id")');
    }
    expect(await unindexed(sql, params)).toEqual([]);
  });
});
