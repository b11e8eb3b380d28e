import { createHash } from 'node:crypto';
import type { MockImageEntity } from '../../simulator';
import { secondsFormat } from '../http/openstack-time';

const GIB = 1024 ** 3;
/** Owner shown for the operator's images (Glance always has one: the admin project). */
const OPERATOR_PROJECT = 'admin';

const digest = (algorithm: string, text: string) =>
  createHash(algorithm).update(text).digest('hex');

/**
 * Glance v2's image schema. Extra properties (a snapshot's `image_type`,
 * `instance_uuid`, user metadata…) are top-level keys, as in Glance. Images without data
 * (queued, killed) have no size, checksum, hash or store.
 */
export function imageView(row: MockImageEntity): Record<string, unknown> {
  const hasData = row.status === 'active' && row.sizeBytes !== null;
  const properties = row.properties;
  return {
    ...properties,
    name: row.name,
    disk_format: row.diskFormat,
    container_format: row.containerFormat,
    visibility: row.visibility,
    size: hasData ? row.sizeBytes : null,
    virtual_size: hasData ? Math.max(row.minDiskGb * GIB, row.sizeBytes ?? 0) : null,
    status: row.status,
    checksum: hasData ? digest('md5', row.id) : null,
    protected: false,
    min_ram: row.minRamMb,
    min_disk: row.minDiskGb,
    owner: row.ownerProjectId ?? OPERATOR_PROJECT,
    os_hidden: false,
    os_hash_algo: hasData ? 'sha512' : null,
    os_hash_value: hasData ? digest('sha512', row.id) : null,
    id: row.id,
    created_at: secondsFormat(row.createdAt),
    updated_at: secondsFormat(row.updatedAt),
    tags: [],
    self: `/v2/images/${row.id}`,
    file: `/v2/images/${row.id}/file`,
    schema: '/v2/schemas/image',
    ...(hasData ? { stores: 'fs' } : {}),
  };
}
