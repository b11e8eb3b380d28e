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

export class SeedSimulator1764100000001 implements MigrationInterface {
  name = 'SeedSimulator1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.manager.insert(
      'mock_flavors',
      FLAVORS.map((f) => ({ ...f, isPublic: true })),
    );
    await q.manager.insert(
      'mock_images',
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
    );
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
