import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes the retention pass walks: idempotency keys by age, deleted servers by when
 * they went, and the simulator's instance actions by server (purged with their server).
 */
export class RetentionIndexes1764100000008 implements MigrationInterface {
  name = 'RetentionIndexes1764100000008';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'idempotency_keys',
      new TableIndex({ name: 'idx_idempotency_keys_created', columnNames: ['createdAt'] }),
    );
    await q.createIndex(
      'servers',
      new TableIndex({ name: 'idx_servers_deleted', columnNames: ['deletedAt'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('servers', 'idx_servers_deleted');
    await q.dropIndex('idempotency_keys', 'idx_idempotency_keys_created');
  }
}
