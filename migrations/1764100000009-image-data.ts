import {
  Table,
  TableColumn,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const ts = (name: string) => str(name, 24);

/** The columns Glance lets be null (`name`, the formats) or longer (`owner`, 255). */
const WIDENED: [TableColumnOptions, TableColumnOptions][] = [
  [str('name', 255), str('name', 255, true)],
  [str('diskFormat', 16), str('diskFormat', 16, true)],
  [str('containerFormat', 16), str('containerFormat', 16, true)],
  [str('ownerProjectId', 64, true), str('ownerProjectId', 255, true)],
];
const change = (from: TableColumnOptions, to: TableColumnOptions) => ({
  oldColumn: new TableColumn(from),
  newColumn: new TableColumn(to),
});

/** Glance's image fields the simulator did not keep, and the upload in progress. */
const IMAGE_COLUMNS = [
  new TableColumn({ name: 'tags', type: 'text', isNullable: false, default: "'[]'" }),
  // 0 or 1: integers, whose defaults read the same on SQLite and PostgreSQL.
  new TableColumn({ name: 'protected', type: 'integer', isNullable: false, default: 0 }),
  new TableColumn({ name: 'osHidden', type: 'integer', isNullable: false, default: 0 }),
  // The md5 and sha512 of uploaded data, and the virtual size read from its header.
  new TableColumn({ name: 'checksum', type: 'varchar', length: '32', isNullable: true }),
  new TableColumn({ name: 'hashValue', type: 'varchar', length: '128', isNullable: true }),
  new TableColumn({ name: 'virtualSize', type: 'bigint', isNullable: true }),
  // The upload (or stage) writing the image's data now, while it is `saving`/`uploading`.
  new TableColumn({ name: 'uploadId', type: 'varchar', length: '36', isNullable: true }),
];

/**
 * Glance image writes in the simulator (ADR 16):
 * - `mock_images` gains tags, `protected`, `os_hidden`, the checksums of uploaded data and
 *   the upload in progress; its name and formats may be null, its owner 255 characters.
 * - `mock_image_data`: an image's bytes, in chunks of at most 1 MiB keyed by (image, seq),
 *   `blob` on SQLite and `bytea` on PostgreSQL. No entity maps it (TypeORM has no binary
 *   type common to both); the simulator reads and writes it by table name.
 * - `mock_image_tasks`: Glance's import tasks (`GET /v2/images/{id}/tasks`).
 */
export class ImageData1764100000009 implements MigrationInterface {
  name = 'ImageData1764100000009';

  async up(q: QueryRunner): Promise<void> {
    await q.changeColumns(
      'mock_images',
      WIDENED.map(([before, after]) => change(before, after)),
    );
    await q.addColumns('mock_images', IMAGE_COLUMNS);
    const binary = q.connection.driver.options.type === 'postgres' ? 'bytea' : 'blob';
    await q.createTable(
      new Table({
        name: 'mock_image_data',
        columns: [
          { name: 'imageId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'data', type: binary, isNullable: false },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mock_image_tasks',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          str('imageId', 36),
          str('projectId', 255),
          str('userId', 64),
          str('requestId', 64),
          str('type', 32),
          str('status', 16),
          { name: 'input', type: 'text' },
          { name: 'result', type: 'text', isNullable: true },
          { name: 'message', type: 'text' },
          ts('createdAt'),
          ts('updatedAt'),
          ts('expiresAt'),
        ],
        indices: [new TableIndex({ name: 'idx_mock_image_tasks_image', columnNames: ['imageId'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('mock_image_tasks');
    await q.dropTable('mock_image_data');
    await q.dropColumns('mock_images', IMAGE_COLUMNS);
    // Rows written since may hold nulls the old columns refuse: they become empty strings.
    for (const column of ['name', 'diskFormat', 'containerFormat']) {
      await q.query(`UPDATE mock_images SET "${column}" = '' WHERE "${column}" IS NULL`);
    }
    await q.changeColumns(
      'mock_images',
      WIDENED.map(([before, after]) => change(after, before)),
    );
  }
}
