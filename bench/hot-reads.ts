import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { hotReadSql } from '../src/servers/hot-reads';

/** EXPLAIN QUERY PLAN of each hot read on a SQLite database file. */
export async function hotReads(path: string): Promise<[string, string][]> {
  const dataSource = await new DataSource(
    dataSourceOptions({ database: { type: 'sqlite', path } }),
  ).initialize();
  try {
    const plans: [string, string][] = [];
    for (const [name, sql, params] of hotReadSql(dataSource)) {
      const plan = await dataSource.query<{ detail: string }[]>(
        `EXPLAIN QUERY PLAN ${sql}`,
        params,
      );
      plans.push([name, plan.map((p) => p.detail).join('; ')]);
    }
    return plans;
  } finally {
    await dataSource.destroy();
  }
}
