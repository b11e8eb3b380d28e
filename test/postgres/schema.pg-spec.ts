import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { expectedSeedRows, seededRows } from '../../src/database/testing/seeded-rows';
import { createTestApp, type TestApp } from '../support/test-app';

/** The migrations produce exactly the entities' schema on PostgreSQL too (see schema.spec.ts). */
describe('migrations on PostgreSQL', () => {
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    // Booting the app runs every migration on a fresh database.
    t = await createTestApp();
    dataSource = await new DataSource(
      dataSourceOptions({ database: { type: 'postgres', url: t.databaseEnv.DATABASE_URL } }),
    ).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await t?.close();
  });

  it('leave nothing for the schema builder to change', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('record every migration as run', async () => {
    const run = await dataSource.query<{ name: string }[]>(
      'SELECT name FROM migrations ORDER BY id',
    );
    expect(run.map((r) => r.name)).toEqual(dataSource.migrations.map((m) => m.name));
  });

  it('seed exactly the flavors and images of the seed catalog', async () => {
    expect(await seededRows(dataSource)).toEqual(expectedSeedRows());
  });
});
