import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';
import { SEED_CREATED_AT, SEED_METADEF_RESOURCE_TYPES } from '../src/simulator';

const seq = (): TableColumnOptions => ({
  name: 'seq',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const text = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
const int = (name: string, primary = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isPrimary: primary,
});
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean' });
const timestamps = [str('createdAt', 24), str('updatedAt', 24)];
const unique = (name: string, columnNames: string[]) =>
  new TableIndex({ name, columnNames, isUnique: true });

/** A named child of a metadef namespace (object, property, tag), unique by name per namespace. */
const namespaceChild = (name: string, columns: TableColumnOptions[]) =>
  new Table({
    name,
    columns: [seq(), int('namespaceSeq'), str('name', 80), str('nameKey', 80), ...columns],
    indices: [unique(`uq_${name}_key`, ['namespaceSeq', 'nameKey'])],
  });

/**
 * Nova's server groups (`mock_server_groups` and their members) and Glance's metadata
 * definitions (namespaces, objects, properties, tags, resource types and the namespaces'
 * associations with them), with the standard resource types seeded.
 */
export class ServerGroupsAndMetadefs1764100000011 implements MigrationInterface {
  name = 'ServerGroupsAndMetadefs1764100000011';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'mock_server_groups',
        columns: [
          seq(),
          str('id', 36),
          str('projectId', 64),
          str('name', 255),
          str('policy', 32),
          text('rules'),
          str('createdAt', 24),
        ],
        indices: [
          unique('uq_mock_server_groups_id', ['id']),
          new TableIndex({
            name: 'idx_mock_server_groups_project',
            columnNames: ['projectId', 'seq'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mock_server_group_members',
        columns: [seq(), str('groupId', 36), str('serverId', 36)],
        indices: [
          unique('uq_mock_server_group_members', ['groupId', 'serverId']),
          new TableIndex({
            name: 'idx_mock_server_group_members_server',
            columnNames: ['serverId'],
          }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'mock_metadef_namespaces',
        columns: [
          seq(),
          str('name', 80),
          str('nameKey', 80),
          str('displayName', 80, true),
          text('description', true),
          str('visibility', 16),
          bool('protected'),
          str('owner', 255),
          ...timestamps,
        ],
        indices: [unique('uq_mock_metadef_namespaces_key', ['nameKey'])],
      }),
    );
    await q.createTable(
      namespaceChild('mock_metadef_objects', [
        text('description', true),
        text('required'),
        text('properties'),
        ...timestamps,
      ]),
    );
    await q.createTable(namespaceChild('mock_metadef_properties', [text('schema'), ...timestamps]));
    await q.createTable(namespaceChild('mock_metadef_tags', timestamps));
    await q.createTable(
      new Table({
        name: 'mock_metadef_resource_types',
        columns: [seq(), str('name', 80), bool('protected'), ...timestamps],
        indices: [unique('uq_mock_metadef_resource_types_name', ['name'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mock_metadef_namespace_resource_types',
        columns: [
          int('namespaceSeq', true),
          int('resourceTypeSeq', true),
          str('prefix', 80, true),
          str('propertiesTarget', 80, true),
          ...timestamps,
        ],
        indices: [
          new TableIndex({
            name: 'idx_mock_metadef_ns_resource_types_type',
            columnNames: ['resourceTypeSeq'],
          }),
        ],
      }),
    );
    // One by one, so that `seq` follows the list's order on every database.
    for (const name of SEED_METADEF_RESOURCE_TYPES) {
      await q.manager.insert('mock_metadef_resource_types', {
        name,
        protected: true,
        createdAt: SEED_CREATED_AT,
        updatedAt: SEED_CREATED_AT,
      });
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'mock_metadef_namespace_resource_types',
      'mock_metadef_resource_types',
      'mock_metadef_tags',
      'mock_metadef_properties',
      'mock_metadef_objects',
      'mock_metadef_namespaces',
      'mock_server_group_members',
      'mock_server_groups',
    ]) {
      await q.dropTable(table);
    }
  }
}
