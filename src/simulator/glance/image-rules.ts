import { CloudBadRequestError } from '../../compute/cloud-errors';
import type { CloudScope } from '../../compute/cloud-records';
import type { MockFlavorEntity } from '../entities/mock-flavor.entity';
import type { MockImageEntity } from '../entities/mock-image.entity';

/** Glance visibilities every project sees (membership of `shared` is not simulated). */
export const VISIBLE_TO_ALL: readonly string[] = ['public', 'community', 'shared'];

/** Whether Glance would show the image to the scope's project. */
export function isVisible(image: MockImageEntity, scope: CloudScope): boolean {
  return VISIBLE_TO_ALL.includes(image.visibility) || image.ownerProjectId === scope.projectId;
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
