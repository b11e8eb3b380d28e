import type { CloudFlavor, CloudServer } from '../cloud-records';
import { parseOpenStackTime } from './openstack-time';
import { untagged } from './scope-tag';

/** The fields of a Nova server view this client reads (any microversion). */
export interface NovaServer {
  id: string;
  name?: string;
  status?: string;
  'OS-EXT-STS:task_state'?: string | null;
  'OS-SRV-USG:launched_at'?: string | null;
  /** `{id}` below 2.47; `{original_name, vcpus, ...}` from 2.47. */
  flavor?: { id?: string; original_name?: string };
  /** `{id}`, or "" for a server booted from a volume. */
  image?: { id?: string } | string;
  metadata?: Record<string, string>;
  fault?: { code?: number; message?: string };
  /** From 2.9. */
  locked?: boolean;
  /** From 2.26. */
  tags?: string[];
  created?: string;
  updated?: string;
}

export interface NovaFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
}

/**
 * Maps a Nova server view to a `CloudServer`. The flavor id comes from `flavor.id`
 * (reads use microversion <= 2.46); a 2.47+ view only names the flavor, which is
 * then looked up by name.
 */
export function toCloudServer(
  server: NovaServer,
  flavorIdByName: (name: string) => string | undefined,
): CloudServer {
  const flavorId =
    server.flavor?.id ??
    (server.flavor?.original_name ? flavorIdByName(server.flavor.original_name) : undefined) ??
    '';
  const createdAt = parseOpenStackTime(server.created) ?? new Date(0);
  return {
    id: server.id,
    name: server.name ?? '',
    status: server.status ?? 'UNKNOWN',
    taskState: server['OS-EXT-STS:task_state'] ?? null,
    flavorId,
    imageId: typeof server.image === 'object' && server.image ? (server.image.id ?? '') : '',
    metadata: untagged(server.metadata ?? {}),
    fault:
      server.fault && typeof server.fault.code === 'number'
        ? { code: server.fault.code, message: server.fault.message ?? '' }
        : null,
    locked: server.locked === true,
    tags: Array.isArray(server.tags) ? server.tags.filter((t) => typeof t === 'string') : [],
    createdAt,
    updatedAt: parseOpenStackTime(server.updated) ?? createdAt,
    launchedAt: parseOpenStackTime(server['OS-SRV-USG:launched_at']),
  };
}

export function toCloudFlavor(flavor: NovaFlavor): CloudFlavor {
  return {
    id: String(flavor.id),
    name: flavor.name,
    vcpus: flavor.vcpus,
    ramMb: flavor.ram,
    diskGb: flavor.disk,
  };
}
