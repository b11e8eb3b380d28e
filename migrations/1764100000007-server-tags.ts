import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A table of (server, tag) pairs: the primary key serves lookups by server, the index by tag. */
const tagTable = (name: string, index: string, indexColumns: string[]) =>
  new Table({
    name,
    columns: [
      { name: 'serverId', type: 'varchar', length: '36', isPrimary: true },
      { name: 'tag', type: 'varchar', length: '60', isPrimary: true },
    ],
    indices: [new TableIndex({ name: index, columnNames: indexColumns })],
  });

/**
 * Server tags (Nova's, microversion 2.26) and Nova's server description (2.19):
 * - `server_tags`, the inventory's tags, filtered on by `GET /servers?tags=`; and
 *   `servers.tags`, the same list as JSON for reading a server without a join.
 * - `mock_server_tags` and `mock_servers.description`, the simulator's.
 */
export class ServerTags1764100000007 implements MigrationInterface {
  name = 'ServerTags1764100000007';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'servers',
      new TableColumn({ name: 'tags', type: 'text', isNullable: false, default: "'[]'" }),
    );
    await q.createTable(tagTable('server_tags', 'idx_server_tags_tag', ['tag', 'serverId']));
    await q.addColumn(
      'mock_servers',
      new TableColumn({ name: 'description', type: 'varchar', length: '255', isNullable: true }),
    );
    await q.createTable(tagTable('mock_server_tags', 'idx_mock_server_tags_tag', ['tag']));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('mock_server_tags');
    await q.dropColumn('mock_servers', 'description');
    await q.dropTable('server_tags');
    await q.dropColumn('servers', 'tags');
  }
}
