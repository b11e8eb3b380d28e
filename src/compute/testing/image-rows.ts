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
  await dataSource.getRepository(MockImageEntity).insert(rows);
  return [...rows].sort(
    (a, b) =>
      b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}
