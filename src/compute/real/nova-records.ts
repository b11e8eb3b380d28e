import type {
  CloudAddresses,
  CloudFlavor,
  CloudKeypair,
  CloudKeypairSummary,
  CloudServer,
} from '../cloud-records';
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
  key_name?: string | null;
  accessIPv4?: string;
  accessIPv6?: string;
  /** From 2.26. */
  tags?: string[];
  created?: string;
  updated?: string;
  /** By network name. */
  addresses?: Record<string, NovaAddress[]>;
}

/** One entry of a Nova server's `addresses`. */
export interface NovaAddress {
  addr?: string;
  version?: number;
  'OS-EXT-IPS:type'?: string;
  'OS-EXT-IPS-MAC:mac_addr'?: string;
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
    keyName: server.key_name ?? null,
    // Nova shows "" for an access address never set.
    accessIpv4: server.accessIPv4 || null,
    accessIpv6: server.accessIPv6 || null,
    tags: Array.isArray(server.tags) ? server.tags.filter((t) => typeof t === 'string') : [],
    createdAt,
    updatedAt: parseOpenStackTime(server.updated) ?? createdAt,
    launchedAt: parseOpenStackTime(server['OS-SRV-USG:launched_at']),
    addresses: toCloudAddresses(server.addresses),
  };
}

/**
 * Nova's `addresses`: the version from `version` (or the address's form), the type from
 * `OS-EXT-IPS:type` (fixed when absent), the MAC when shown. Entries without an address
 * are left out.
 */
export function toCloudAddresses(addresses: NovaServer['addresses']): CloudAddresses {
  const out: CloudAddresses = {};
  if (!addresses || typeof addresses !== 'object') return out;
  for (const [network, entries] of Object.entries(addresses)) {
    if (!Array.isArray(entries)) continue;
    out[network] = entries
      .filter((entry) => typeof entry?.addr === 'string')
      .map((entry) => ({
        address: entry.addr!,
        version:
          entry.version === 6 || (entry.version === undefined && entry.addr!.includes(':')) ? 6 : 4,
        type: entry['OS-EXT-IPS:type'] === 'floating' ? 'floating' : 'fixed',
        ...(typeof entry['OS-EXT-IPS-MAC:mac_addr'] === 'string'
          ? { mac: entry['OS-EXT-IPS-MAC:mac_addr'] }
          : {}),
      }));
  }
  return out;
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

/** The fields of a Nova key pair view this client reads. */
export interface NovaKeypair {
  name: string;
  public_key: string;
  fingerprint: string;
  /** From 2.2. */
  type?: string;
  /** In the show view only (`2026-12-01T06:25:46.000000`). */
  created_at?: string;
}

/** A Nova key pair under the name its scope knows it by (see `keypair-names`). */
export function toCloudKeypairSummary(keypair: NovaKeypair, name: string): CloudKeypairSummary {
  return {
    name,
    publicKey: keypair.public_key,
    fingerprint: keypair.fingerprint,
    type: keypair.type === 'x509' ? 'x509' : 'ssh',
  };
}

export function toCloudKeypair(keypair: NovaKeypair, name: string, fallback: Date): CloudKeypair {
  return {
    ...toCloudKeypairSummary(keypair, name),
    createdAt: parseOpenStackTime(keypair.created_at) ?? fallback,
  };
}
