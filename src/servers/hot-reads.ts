import type { DataSource } from 'typeorm';
import { keyByHashSql } from '../auth/api-keys.service';
import { ServerQueries } from './server-queries';

/**
 * The SQL of the reads every REST request of the inventory makes, as the service runs
 * them: the API key by its hash, a server by id, and list pages (first and next, all
 * projects or one). `npm run bench` prints their query plans; `server-queries.spec.ts`
 * checks that each one is an index search, never a scan and a sort.
 */
export function hotReadSql(dataSource: DataSource): [string, string, unknown[]][] {
  const servers = new ServerQueries(dataSource);
  const cursor = Buffer.from(JSON.stringify(['2030-01-01T00:00:00.000Z', 'x'])).toString(
    'base64url',
  );
  return [
    ['API key by hash', keyByHashSql(dataSource), ['x']],
    ['server by id', ...servers.byIdSql('x')],
    ['first page', ...servers.pageSql({}, 50)],
    ['next page', ...servers.pageSql({}, 50, cursor)],
    ["a project's first page", ...servers.pageSql({ projectId: 'p' }, 50)],
    ["a project's next page", ...servers.pageSql({ projectId: 'p' }, 50, cursor)],
  ];
}
