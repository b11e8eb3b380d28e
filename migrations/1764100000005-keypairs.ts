import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Key pairs: the simulator's Nova key pairs (`mock_keypairs`, one name once per project),
 * and `servers.keyName`, the key pair a server was created with, as its user names it.
 */
export class Keypairs1764100000005 implements MigrationInterface {
  name = 'Keypairs1764100000005';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'mock_keypairs',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'projectId', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'type', type: 'varchar', length: '8' },
          { name: 'publicKey', type: 'text' },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'createdAt', type: 'varchar', length: '24' },
        ],
        indices: [
          new TableIndex({
            name: 'uq_mock_keypairs_project_name',
            columnNames: ['projectId', 'name'],
            isUnique: true,
          }),
        ],
      }),
    );
    await q.addColumn(
      'servers',
      new TableColumn({ name: 'keyName', type: 'varchar', length: '255', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('servers', 'keyName');
    await q.dropTable('mock_keypairs');
  }
}
