import type { CloudFlavor, CloudImage, CloudServer } from '../cloud-records';

import {
  novaStatus,
  showsFault,
  type MockFlavorEntity,
  type MockImageEntity,
  type MockServerEntity,
} from '../../simulator';

/** The simulator's rows as the cloud records the port exchanges (with the server's tags). */
export function toCloudServer(row: MockServerEntity, tags: string[] = []): CloudServer {
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
    tags: [...tags],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    launchedAt: row.launchedAt,
  };
}

export function toCloudImage(row: MockImageEntity): CloudImage {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    minDiskGb: row.minDiskGb,
    minRamMb: row.minRamMb,
    sizeBytes: row.sizeBytes,
    visibility: row.visibility,
    ownerProjectId: row.ownerProjectId,
    createdAt: row.createdAt,
  };
}

export function toCloudFlavor(row: MockFlavorEntity): CloudFlavor {
  return { id: row.id, name: row.name, vcpus: row.vcpus, ramMb: row.ramMb, diskGb: row.diskGb };
}
