import type { MigrationInterface, QueryRunner } from 'typeorm';

const CREATED = '2026-01-01T00:00:00.000Z';

/** Flavors the simulator offers, shaped like a small public cloud's. */
const FLAVORS = [
  { id: '1', name: 'm1.tiny', vcpus: 1, ramMb: 512, diskGb: 1 },
  { id: '2', name: 'm1.small', vcpus: 1, ramMb: 2048, diskGb: 20 },
  { id: '3', name: 'm1.medium', vcpus: 2, ramMb: 4096, diskGb: 40 },
  { id: '4', name: 'm1.large', vcpus: 4, ramMb: 8192, diskGb: 80 },
];

/**
 * Images, with fixed ids so docs and users' tests can name them. `windows-server-2022`
 * needs more disk and memory than `m1.tiny` and `m1.small` have (FLAVOR_TOO_SMALL);
 * `fedora-41-queued` never finished uploading (IMAGE_NOT_ACTIVE).
 */
const IMAGES = [
  ['6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01', 'cirros-0.6.2', 'active', 1, 64, 21430272],
  ['6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a02', 'ubuntu-24.04', 'active', 10, 1024, 600834048],
  ['6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a03', 'windows-server-2022', 'active', 40, 4096, 9876543210],
  ['6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a04', 'fedora-41-queued', 'queued', 5, 1024, null],
] as const;

export class SeedSimulator1764100000001 implements MigrationInterface {
  name = 'SeedSimulator1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.manager.insert(
      'mock_flavors',
      FLAVORS.map((f) => ({ ...f, isPublic: true })),
    );
    await q.manager.insert(
      'mock_images',
      IMAGES.map(([id, name, status, minDiskGb, minRamMb, sizeBytes]) => ({
        id,
        name,
        status,
        visibility: 'public',
        ownerProjectId: null,
        minDiskGb,
        minRamMb,
        sizeBytes,
        diskFormat: 'qcow2',
        containerFormat: 'bare',
        sourceServerId: null,
        // An object: the entity's JSON transformer stores it as text.
        properties: {},
        createdAt: CREATED,
        updatedAt: CREATED,
        readyAt: null,
      })),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.manager.delete(
      'mock_images',
      IMAGES.map(([id]) => id),
    );
    await q.manager.delete(
      'mock_flavors',
      FLAVORS.map((f) => f.id),
    );
  }
}
