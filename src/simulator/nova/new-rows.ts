import { compressIpv6 } from '../../compute/access-ips';
import type { CloudScope, CreateServerRequest } from '../../compute/cloud-records';
import type { MockFlavorEntity } from '../entities/mock-flavor.entity';
import { MockImageEntity } from '../entities/mock-image.entity';
import { MockServerEntity } from '../entities/mock-server.entity';
import { PowerState, VmState } from './nova-status';

/** A server row as Nova's API creates it: building, not yet launched (the task is set next). */
export function newServerRow(
  scope: CloudScope,
  id: string,
  request: CreateServerRequest,
  now: Date,
): MockServerEntity {
  return Object.assign(new MockServerEntity(), {
    id,
    projectId: scope.projectId,
    name: request.name,
    description: request.description ?? null,
    vmState: VmState.Building,
    taskState: null,
    powerState: PowerState.NoState,
    taskDueAt: null,
    taskRef: null,
    taskAction: null,
    lockedBy: null,
    lockedReason: null,
    priorFlavorId: null,
    priorVmState: null,
    flavorId: request.flavorId,
    imageId: request.imageId,
    metadata: { ...request.metadata },
    fault: null,
    keyName: request.keyName ?? null,
    accessIpv4: request.accessIpv4 ?? null,
    accessIpv6: request.accessIpv6 === undefined ? null : compressIpv6(request.accessIpv6),
    diskConfig: request.diskConfig ?? 'MANUAL',
    shelvedImageId: null,
    userData: request.userData ?? null,
    createdAt: now,
    updatedAt: now,
    launchedAt: null,
    terminatedAt: null,
    deleted: false,
    buildFailure: null,
  });
}

export interface SnapshotImageInput {
  id: string;
  name: string;
  metadata: Record<string, string>;
  /** Its `image_type`: `snapshot`, or `backup`. */
  imageType?: string;
  server: MockServerEntity;
  /** The image and flavor the server booted from, when they still exist. */
  base: MockImageEntity | null;
  flavor: MockFlavorEntity | null;
  now: Date;
  readyAt: Date;
}

/** The `queued` Glance image a Nova snapshot starts as: private to the server's project. */
export function newSnapshotImageRow(input: SnapshotImageInput): MockImageEntity {
  const { server, base, flavor } = input;
  return Object.assign(new MockImageEntity(), {
    id: input.id,
    name: input.name,
    status: 'queued',
    visibility: 'private',
    ownerProjectId: server.projectId,
    // Nova: a snapshot needs at least the flavor's root disk and the base image's minimums.
    minDiskGb: Math.max(base?.minDiskGb ?? 0, flavor?.diskGb ?? 0),
    minRamMb: base?.minRamMb ?? 0,
    sizeBytes: null,
    diskFormat: base?.diskFormat ?? 'qcow2',
    containerFormat: 'bare',
    sourceServerId: server.id,
    // Nova's own properties first; the request's metadata may override them.
    properties: {
      base_image_ref: server.imageId,
      instance_uuid: server.id,
      image_type: input.imageType ?? 'snapshot',
      ...input.metadata,
    },
    createdAt: input.now,
    updatedAt: input.now,
    readyAt: input.readyAt,
    tags: [],
    isProtected: false,
    osHidden: false,
    checksum: null,
    hashValue: null,
    virtualSize: null,
    uploadId: null,
  });
}
