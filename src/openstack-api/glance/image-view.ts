import { createHash } from 'node:crypto';
import { IMAGE_STORE, type MockImageEntity } from '../../simulator';
import { secondsFormat } from '../http/openstack-time';

const GIB = 1024 ** 3;
/** Owner shown for the operator's images (Glance always has one: the admin project). */
const OPERATOR_PROJECT = 'admin';

const digest = (algorithm: string, text: string) =>
  createHash(algorithm).update(text).digest('hex');

/** Statuses in which an image's data is there to read. */
const WITH_DATA = new Set(['active', 'deactivated']);

/**
 * Glance v2's image schema. Extra properties (a snapshot's `image_type`,
 * `instance_uuid`, user metadata…) are top-level keys, as in Glance. Checksums and the
 * virtual size are those of the uploaded data; images whose bytes the simulator never
 * had (the seeded ones, snapshots) show values derived from their id and size. Images
 * without data (queued, killed) have no checksum or hash; staged data has its size
 * only. `stores` only while active (Glance drops it from a deactivated image).
 */
export function imageView(row: MockImageEntity): Record<string, unknown> {
  const uploaded = row.checksum !== null;
  const hasData = WITH_DATA.has(row.status) && row.sizeBytes !== null;
  const synthetic = hasData && !uploaded;
  return {
    ...row.properties,
    name: row.name,
    disk_format: row.diskFormat,
    container_format: row.containerFormat,
    visibility: row.visibility,
    size: row.sizeBytes,
    virtual_size: !hasData
      ? null
      : synthetic
        ? Math.max(row.minDiskGb * GIB, row.sizeBytes ?? 0)
        : row.virtualSize,
    status: row.status,
    checksum: !hasData ? null : (row.checksum ?? digest('md5', row.id)),
    protected: row.isProtected,
    min_ram: row.minRamMb,
    min_disk: row.minDiskGb,
    owner: row.ownerProjectId ?? OPERATOR_PROJECT,
    os_hidden: row.osHidden,
    os_hash_algo: hasData ? 'sha512' : null,
    os_hash_value: !hasData ? null : (row.hashValue ?? digest('sha512', row.id)),
    id: row.id,
    created_at: secondsFormat(row.createdAt),
    updated_at: secondsFormat(row.updatedAt),
    tags: [...row.tags],
    self: `/v2/images/${row.id}`,
    file: `/v2/images/${row.id}/file`,
    schema: '/v2/schemas/image',
    ...(row.status === 'active' && row.sizeBytes !== null ? { stores: IMAGE_STORE } : {}),
  };
}
