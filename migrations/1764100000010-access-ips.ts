import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Nova's access addresses (`accessIPv4`, `accessIPv6`): kept on the inventory's servers and
 * on the simulator's, which also keeps each server's disk config (`OS-DCF:diskConfig`,
 * `MANUAL` or `AUTO`) and the image a shelved server was uploaded to.
 */
export class AccessIps1764100000010 implements MigrationInterface {
  name = 'AccessIps1764100000010';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['servers', 'mock_servers']) {
      await q.addColumns(table, [
        new TableColumn({ name: 'accessIpv4', type: 'varchar', length: '15', isNullable: true }),
        new TableColumn({ name: 'accessIpv6', type: 'varchar', length: '45', isNullable: true }),
      ]);
    }
    await q.addColumns('mock_servers', [
      new TableColumn({ name: 'diskConfig', type: 'varchar', length: '8', default: "'MANUAL'" }),
      new TableColumn({ name: 'shelvedImageId', type: 'varchar', length: '36', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('mock_servers', 'shelvedImageId');
    await q.dropColumn('mock_servers', 'diskConfig');
    for (const table of ['servers', 'mock_servers']) {
      await q.dropColumn(table, 'accessIpv6');
      await q.dropColumn(table, 'accessIpv4');
    }
  }
}
