import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `servers.lockedBy`: who locked the server (`member` or `admin`, or `cloud` for a lock
 * set outside this API), null when it is not locked. See ADR 11.
 */
export class ServerLock1764100000004 implements MigrationInterface {
  name = 'ServerLock1764100000004';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'servers',
      new TableColumn({ name: 'lockedBy', type: 'varchar', length: '16', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('servers', 'lockedBy');
  }
}
