import type {
  CloudAddresses,
  CloudFlavor,
  CloudImage,
  CloudKeypair,
  CloudKeypairSummary,
  CloudNetwork,
  CloudServer,
} from '../cloud-records';

import {
  novaStatus,
  shownData,
  showsFault,
  type MockFlavorEntity,
  type MockImageEntity,
  type MockKeypairEntity,
  type MockNetworkEntity,
  type MockServerEntity,
  type MockSubnetEntity,
  type PortAddress,
} from '../../simulator';

/** The simulator's rows as the cloud records the port exchanges (with addresses and tags). */
export function toCloudServer(
  row: MockServerEntity,
  addresses: PortAddress[] = [],
  tags: string[] = [],
): CloudServer {
  return {
    id: row.id,
    name: row.name,
    status: novaStatus(row.vmState, row.taskState),
    taskState: row.taskState,
    flavorId: row.flavorId,
    imageId: row.imageId,
    metadata: { ...row.metadata },
    fault:
      row.fault && showsFault(row.vmState)
        ? { code: row.fault.code, message: row.fault.message }
        : null,
    locked: row.lockedBy !== null,
    keyName: row.keyName,
    accessIpv4: row.accessIpv4,
    accessIpv6: row.accessIpv6,
    tags: [...tags],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    launchedAt: row.launchedAt,
    addresses: toCloudAddresses(addresses),
  };
}

/** A server's port addresses, by network name, in port order. */
export function toCloudAddresses(addresses: PortAddress[]): CloudAddresses {
  const out: CloudAddresses = {};
  for (const { network, address, version, mac } of addresses) {
    (out[network] ??= []).push({ address, version, type: 'fixed', mac });
  }
  return out;
}

export function toCloudNetwork(row: MockNetworkEntity, subnets: MockSubnetEntity[]): CloudNetwork {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    shared: row.shared,
    external: row.external,
    subnets: subnets
      .filter((subnet) => subnet.networkId === row.id)
      .map((subnet) => ({
        id: subnet.id,
        name: subnet.name,
        ipVersion: subnet.ipVersion === 6 ? 6 : 4,
        cidr: subnet.cidr,
        gatewayIp: subnet.gatewayIp,
        ipv6AddressMode: subnet.ipv6AddressMode,
      })),
  };
}

export function toCloudImage(row: MockImageEntity): CloudImage {
  const data = shownData(row);
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(row.properties)) {
    if (!key.startsWith('os_glance_')) properties[key] = value;
  }
  return {
    id: row.id,
    name: row.name ?? '',
    status: row.status,
    minDiskGb: row.minDiskGb,
    minRamMb: row.minRamMb,
    sizeBytes: data.sizeBytes,
    visibility: row.visibility,
    ownerProjectId: row.ownerProjectId,
    createdAt: row.createdAt,
    diskFormat: row.diskFormat,
    containerFormat: row.containerFormat,
    checksum: data.checksum,
    hashAlgo: data.hashAlgo,
    hashValue: data.hashValue,
    tags: [...row.tags],
    isProtected: row.isProtected,
    projectId: row.ownerProjectId,
    properties,
  };
}

export function toCloudFlavor(row: MockFlavorEntity): CloudFlavor {
  return { id: row.id, name: row.name, vcpus: row.vcpus, ramMb: row.ramMb, diskGb: row.diskGb };
}

export function toCloudKeypairSummary(row: MockKeypairEntity): CloudKeypairSummary {
  return { name: row.name, publicKey: row.publicKey, fingerprint: row.fingerprint, type: row.type };
}

export function toCloudKeypair(row: MockKeypairEntity): CloudKeypair {
  return { ...toCloudKeypairSummary(row), createdAt: row.createdAt };
}
