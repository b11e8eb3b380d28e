import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  SEED_CREATED_AT,
  SEED_FLAVORS,
  SEED_IMAGES,
  type SeedFlavor,
  type SeedImage,
} from '../src/simulator';

/** The simulator's catalog, as `src/simulator`'s seed catalog defines it. */
const FLAVORS: readonly SeedFlavor[] = Object.values(SEED_FLAVORS);
const IMAGES: readonly SeedImage[] = Object.values(SEED_IMAGES);
const IMAGE_COLUMNS = [
  'id',
  'name',
  'status',
  'minDiskGb',
  'minRamMb',
  'sizeBytes',
  'visibility',
  'ownerProjectId',
  'diskFormat',
  'containerFormat',
  'sourceServerId',
  'properties',
  'createdAt',
  'updatedAt',
  'readyAt',
] as const;

export class SeedSimulator1764100000001 implements MigrationInterface {
  name = 'SeedSimulator1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.manager.insert(
      'mock_flavors',
      FLAVORS.map((f) => ({ ...f, isPublic: true })),
    );
    // The columns of this migration's time, named: later migrations add columns to the
    // entity that this table does not have yet.
    await q.manager
      .createQueryBuilder()
      .insert()
      .into('mock_images', [...IMAGE_COLUMNS])
      .values(
        IMAGES.map((image) => ({
          ...image,
          visibility: 'public',
          ownerProjectId: null,
          diskFormat: 'qcow2',
          containerFormat: 'bare',
          sourceServerId: null,
          // An object: the entity's JSON transformer stores it as text.
          properties: {},
          createdAt: SEED_CREATED_AT,
          updatedAt: SEED_CREATED_AT,
          readyAt: null,
        })),
      )
      .updateEntity(false)
      .execute();
  }

  async down(q: QueryRunner): Promise<void> {
    await q.manager.delete(
      'mock_images',
      IMAGES.map((image) => image.id),
    );
    await q.manager.delete(
      'mock_flavors',
      FLAVORS.map((f) => f.id),
    );
  }
}
