import { IMAGE_STORE, shownData, type MockImageEntity } from '../../simulator';
import { secondsFormat } from '../http/openstack-time';

/** Owner shown for the operator's images (Glance always has one: the admin project). */
const OPERATOR_PROJECT = 'admin';

/**
 * Glance v2's image schema. Extra properties (a snapshot's `image_type`,
 * `instance_uuid`, user metadata…) are top-level keys, as in Glance. Size, checksums and
 * virtual size are what `shownData` says (those of uploaded data; values derived from
 * the id for images whose bytes the simulator never had; none without data). `stores`
 * only while active (Glance drops it from a deactivated image).
 */
export function imageView(row: MockImageEntity): Record<string, unknown> {
  const data = shownData(row);
  return {
    ...row.properties,
    name: row.name,
    disk_format: row.diskFormat,
    container_format: row.containerFormat,
    visibility: row.visibility,
    size: data.sizeBytes,
    virtual_size: data.virtualSize,
    status: row.status,
    checksum: data.checksum,
    protected: row.isProtected,
    min_ram: row.minRamMb,
    min_disk: row.minDiskGb,
    owner: row.ownerProjectId ?? OPERATOR_PROJECT,
    os_hidden: row.osHidden,
    os_hash_algo: data.hashAlgo,
    os_hash_value: data.hashValue,
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
