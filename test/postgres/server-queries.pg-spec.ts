import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { describeServerQueries } from '../../src/servers/testing/server-queries.suite';
import { createTestApp } from '../support/test-app';

// The same comparisons as server-queries.spec.ts, on a fresh PostgreSQL database (booting
// an app there runs the migrations).
describeServerQueries('ServerQueries (PostgreSQL)', async () => {
  const t = await createTestApp();
  const dataSource = await new DataSource(
    dataSourceOptions({ database: { type: 'postgres', url: t.databaseEnv.DATABASE_URL } }),
  ).initialize();
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await t.close();
    },
  };
});
