import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { MockImageEntity } from '../../simulator';

/** A simulator image row: public and active unless `fields` say otherwise. */
export function imageRow(fields: Partial<MockImageEntity> & { createdAt: Date }): MockImageEntity {
  return Object.assign(new MockImageEntity(), {
    id: randomUUID(),
    name: 'image',
    status: 'active',
    visibility: 'public',
    ownerProjectId: null,
    minDiskGb: 0,
    minRamMb: 0,
    sizeBytes: 1024,
    diskFormat: 'qcow2',
    containerFormat: 'bare',
    sourceServerId: null,
    properties: {},
    updatedAt: fields.createdAt,
    readyAt: null,
    tags: [],
    isProtected: false,
    osHidden: false,
    checksum: null,
    hashValue: null,
    virtualSize: null,
    uploadId: null,
    ...fields,
  });
}

/**
 * Inserts rows straight into a simulator's `mock_images` (many images at once, with
 * chosen timestamps, without booting servers) and returns them newest first, as lists
 * order them: `createdAt`, then `id`, descending.
 */
export async function insertImages(
  dataSource: DataSource,
  rows: MockImageEntity[],
): Promise<MockImageEntity[]> {
  // Without reading defaults back: TypeORM's read-back on SQLite can pair them with the
  // wrong row of a multi-row insert (every column is given anyway).
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(MockImageEntity)
    .values(rows)
    .updateEntity(false)
    .execute();
  return [...rows].sort(
    (a, b) =>
      b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}
