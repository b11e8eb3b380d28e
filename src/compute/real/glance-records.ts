import type { CloudImage } from '../cloud-records';
import { parseOpenStackTime } from './openstack-time';

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
}

export function toCloudImage(image: GlanceImage): CloudImage {
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
  };
}
