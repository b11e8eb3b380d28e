import { GLANCE_IMAGE_ATTRIBUTES, type CloudImage } from '../cloud-records';
import { parseOpenStackTime } from './openstack-time';
import { PROJECT_TAG } from './scope-tag';

/** The fields of a Glance v2 image this client reads; custom properties sit beside them. */
export interface GlanceImage extends Record<string, unknown> {
  id: string;
  name?: string | null;
  status?: string;
  min_disk?: number | null;
  min_ram?: number | null;
  size?: number | null;
  visibility?: string;
  owner?: string | null;
  created_at?: string;
  disk_format?: string | null;
  container_format?: string | null;
  checksum?: string | null;
  os_hash_algo?: string | null;
  os_hash_value?: string | null;
  tags?: string[];
  protected?: boolean;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A Glance image as the port's record (`projectId` from the service's own tag). */
export function toCloudImage(image: GlanceImage): CloudImage {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(image)) {
    if (GLANCE_IMAGE_ATTRIBUTES.has(key) || key === PROJECT_TAG || key.startsWith('os_glance_'))
      continue;
    if (typeof value === 'string') properties[key] = value;
  }
  return {
    id: image.id,
    name: image.name ?? '',
    status: image.status ?? 'unknown',
    minDiskGb: image.min_disk ?? 0,
    minRamMb: image.min_ram ?? 0,
    sizeBytes: image.size ?? null,
    visibility: image.visibility ?? 'private',
    ownerProjectId: image.owner ?? null,
    createdAt: parseOpenStackTime(image.created_at) ?? new Date(0),
    diskFormat: text(image.disk_format),
    containerFormat: text(image.container_format),
    checksum: text(image.checksum),
    hashAlgo: text(image.os_hash_algo),
    hashValue: text(image.os_hash_value),
    tags: Array.isArray(image.tags) ? image.tags.filter((t) => typeof t === 'string') : [],
    isProtected: image.protected === true,
    projectId: text(image[PROJECT_TAG]),
    properties,
  };
}
