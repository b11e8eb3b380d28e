import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

const id = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isPrimary: true,
});
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const ts = (name: string, nullable = false) => str(name, 24, nullable);
const text = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean' });

/**
 * The first schema: the service's inventory, action history, idempotency keys and
 * API keys, and the simulator's Nova/Glance tables. Written with TypeORM's schema
 * builder (not raw SQL) so the same migration runs on SQLite and PostgreSQL.
 */
export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'servers',
        columns: [
          id(),
          str('projectId', 64),
          str('cloudId', 64, true),
          str('name', 255),
          str('status', 32),
          str('taskState', 32, true),
          bool('transitional'),
          str('flavorId', 64),
          str('imageId', 64),
          text('metadata'),
          text('fault', true),
          ts('createdAt'),
          ts('updatedAt'),
          ts('launchedAt', true),
          ts('deletedAt', true),
          int('version'),
        ],
        indices: [
          new TableIndex({
            name: 'idx_servers_project_created',
            columnNames: ['projectId', 'createdAt', 'id'],
          }),
          new TableIndex({ name: 'idx_servers_created', columnNames: ['createdAt', 'id'] }),
          new TableIndex({ name: 'idx_servers_transitional', columnNames: ['transitional'] }),
          new TableIndex({
            name: 'idx_servers_cloud_id',
            columnNames: ['cloudId'],
            isUnique: true,
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'server_actions',
        columns: [
          id(),
          str('serverId', 36),
          str('projectId', 64),
          str('action', 16),
          str('status', 16),
          str('requestId', 128),
          ts('startedAt'),
          ts('finishedAt', true),
          str('error', 1024, true),
        ],
        indices: [
          new TableIndex({
            name: 'idx_server_actions_server_started',
            columnNames: ['serverId', 'startedAt', 'id'],
          }),
          new TableIndex({
            name: 'idx_server_actions_pending',
            columnNames: ['serverId', 'status'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          id(),
          str('projectId', 64),
          str('key', 255),
          str('requestHash', 64),
          int('responseStatus'),
          text('responseBody'),
          str('location', 512, true),
          ts('createdAt'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_idempotency_keys_project_key',
            columnNames: ['projectId', 'key'],
            isUnique: true,
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          id(),
          str('name', 255),
          str('projectId', 64),
          str('role', 16),
          str('keyHash', 64),
          ts('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_api_keys_created', columnNames: ['createdAt', 'id'] }),
          new TableIndex({ name: 'uq_api_keys_hash', columnNames: ['keyHash'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mock_flavors',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          str('name', 255),
          int('vcpus'),
          int('ramMb'),
          int('diskGb'),
          bool('isPublic'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mock_images',
        columns: [
          id(),
          str('name', 255),
          str('status', 16),
          str('visibility', 16),
          str('ownerProjectId', 64, true),
          int('minDiskGb'),
          int('minRamMb'),
          { name: 'sizeBytes', type: 'bigint', isNullable: true },
          str('diskFormat', 16),
          str('containerFormat', 16),
          str('sourceServerId', 36, true),
          text('properties'),
          ts('createdAt'),
          ts('updatedAt'),
          ts('readyAt', true),
        ],
        indices: [
          new TableIndex({ name: 'idx_mock_images_created', columnNames: ['createdAt', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mock_servers',
        columns: [
          id(),
          str('projectId', 64),
          str('name', 255),
          str('vmState', 16),
          str('taskState', 32, true),
          int('powerState'),
          ts('taskDueAt', true),
          str('taskRef', 64, true),
          str('flavorId', 64),
          str('imageId', 36),
          text('metadata'),
          text('fault', true),
          str('keyName', 255, true),
          text('userData', true),
          ts('createdAt'),
          ts('updatedAt'),
          ts('launchedAt', true),
          ts('terminatedAt', true),
          bool('deleted'),
        ],
        indices: [
          new TableIndex({
            name: 'idx_mock_servers_project_created',
            columnNames: ['projectId', 'createdAt', 'id'],
          }),
          new TableIndex({ name: 'idx_mock_servers_updated', columnNames: ['updatedAt'] }),
          new TableIndex({ name: 'idx_mock_servers_due', columnNames: ['taskDueAt'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mock_instance_actions',
        columns: [
          id(),
          str('serverId', 36),
          str('projectId', 64),
          str('action', 32),
          str('requestId', 64),
          str('message', 255, true),
          ts('startTime'),
          ts('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'idx_mock_instance_actions_server',
            columnNames: ['serverId', 'startTime'],
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'mock_instance_actions',
      'mock_servers',
      'mock_images',
      'mock_flavors',
      'api_keys',
      'idempotency_keys',
      'server_actions',
      'servers',
    ]) {
      await q.dropTable(table);
    }
  }
}
