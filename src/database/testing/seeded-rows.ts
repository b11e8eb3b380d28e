import type { DataSource } from 'typeorm';
import {
  MockFlavorEntity,
  MockImageEntity,
  SEED_CREATED_AT,
  SEED_FLAVORS,
  SEED_IMAGES,
} from '../../simulator';

/** The simulator's flavor and image rows of a database, by id (for specs only). */
export async function seededRows(
  dataSource: DataSource,
): Promise<{ flavors: MockFlavorEntity[]; images: MockImageEntity[] }> {
  const [flavors, images] = await Promise.all([
    dataSource.getRepository(MockFlavorEntity).find({ order: { id: 'ASC' } }),
    dataSource.getRepository(MockImageEntity).find({ order: { id: 'ASC' } }),
  ]);
  return { flavors, images };
}

/**
 * The rows a freshly migrated database must hold: the seed catalog's flavors (public)
 * and images (public qcow2/bare images of the operator, no properties), ordered by id.
 */
export function expectedSeedRows(): { flavors: MockFlavorEntity[]; images: MockImageEntity[] } {
  const created = new Date(SEED_CREATED_AT);
  const byId = <T extends { id: string }>(rows: T[]) =>
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    flavors: byId(Object.values(SEED_FLAVORS).map((f) => ({ ...f, isPublic: true }))),
    images: byId(
      Object.values(SEED_IMAGES).map((image) => ({
        ...image,
        visibility: 'public',
        ownerProjectId: null,
        diskFormat: 'qcow2',
        containerFormat: 'bare',
        sourceServerId: null,
        properties: {},
        createdAt: created,
        updatedAt: created,
        readyAt: null,
        tags: [],
        isProtected: false,
        osHidden: false,
        checksum: null,
        hashValue: null,
        virtualSize: null,
        uploadId: null,
      })),
    ),
  };
}
