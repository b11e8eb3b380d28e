import { createHash } from 'node:crypto';
import { CloudBadRequestError } from '../../compute/cloud-errors';
import type { CloudScope } from '../../compute/cloud-records';
import type { MockFlavorEntity } from '../entities/mock-flavor.entity';
import type { MockImageEntity } from '../entities/mock-image.entity';

/**
 * Glance visibilities every project sees. A `shared` image is its owner's only: image
 * members are not simulated, so no other project is ever one.
 */
export const VISIBLE_TO_ALL: readonly string[] = ['public', 'community'];

/** Whether Glance would show the image to the scope's project (an admin sees every image). */
export function isVisible(image: MockImageEntity, scope: CloudScope): boolean {
  return (
    scope.admin === true ||
    VISIBLE_TO_ALL.includes(image.visibility) ||
    image.ownerProjectId === scope.projectId
  );
}

/** Whether the scope may change the image: its owner's project, or an admin. */
export function canModify(image: MockImageEntity, scope: CloudScope): boolean {
  return scope.admin === true || image.ownerProjectId === scope.projectId;
}

/** Nova's 400s for an image that cannot boot on the flavor. */
export function checkBootable(flavor: MockFlavorEntity, image: MockImageEntity): void {
  if (image.status !== 'active') throw new CloudBadRequestError(`Image ${image.id} is not active.`);
  if (flavor.ramMb < image.minRamMb) {
    throw new CloudBadRequestError("Flavor's memory is too small for requested image.");
  }
  // A flavor with a 0 GB root disk boots from volume, so Nova skips the disk check.
  if (flavor.diskGb > 0 && flavor.diskGb < image.minDiskGb) {
    throw new CloudBadRequestError("Flavor's disk is too small for requested image.");
  }
}

const GIB = 1024 ** 3;
const digest = (algorithm: string, text: string) =>
  createHash(algorithm).update(text).digest('hex');

/** What Glance shows of an image's data: size, virtual size and checksums (or nulls). */
export interface ShownData {
  sizeBytes: number | null;
  virtualSize: number | null;
  checksum: string | null;
  hashAlgo: string | null;
  hashValue: string | null;
}

/**
 * An image's data as Glance shows it: the checksums and virtual size of uploaded data
 * while there is data to read (active, deactivated); for images whose bytes the
 * simulator never had (the seeded ones, snapshots) values derived from their id and
 * size; nothing but the size for staged data; nulls without data.
 */
export function shownData(image: MockImageEntity): ShownData {
  const hasData =
    (image.status === 'active' || image.status === 'deactivated') && image.sizeBytes !== null;
  if (!hasData) {
    return {
      sizeBytes: image.sizeBytes,
      virtualSize: null,
      checksum: null,
      hashAlgo: null,
      hashValue: null,
    };
  }
  const uploaded = image.checksum !== null;
  return {
    sizeBytes: image.sizeBytes,
    virtualSize: uploaded
      ? image.virtualSize
      : Math.max(image.minDiskGb * GIB, image.sizeBytes ?? 0),
    checksum: image.checksum ?? digest('md5', image.id),
    hashAlgo: 'sha512',
    hashValue: image.hashValue ?? digest('sha512', image.id),
  };
}
