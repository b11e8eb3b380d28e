import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `servers.intentAt`: set while a request has recorded its intent and not yet its
 * outcome (the cloud call is in flight, outside any transaction). Refreshes from the
 * cloud leave such a row alone, so they cannot end an action before it was sent.
 */
export class ServerIntent1764100000002 implements MigrationInterface {
  name = 'ServerIntent1764100000002';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'servers',
      new TableColumn({ name: 'intentAt', type: 'varchar', length: '24', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('servers', 'intentAt');
  }
}
