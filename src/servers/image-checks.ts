import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { RecentCache } from '../common/recent-cache';
import { Errors } from '../common/errors/errors';
import { fromCloudError } from '../compute/cloud-error-mapping';
import { CloudCalls } from '../compute/cloud-calls';
import { CloudNotFoundError } from '../compute/cloud-errors';
import type { CloudFlavor, CloudImage, CloudKeypair } from '../compute/cloud-records';

/** How long an active image checked for a create is taken as still there and active. */
const BOOTABLE_TTL_MS = 10_000;

/**
 * Create's checks on its references, made before anything is sent to the cloud:
 * the image exists, is visible to the project and active; the flavor exists and is
 * big enough for the image; the key pair, if named, is one of the project's. Failures
 * are 422 with a code naming the problem.
 */
@Injectable()
export class ImageChecks {
  /**
   * Active images recently checked for a create, per project: a burst of creates from one
   * image asks the cloud once (Nova checks the image again on create anyway).
   */
  private readonly bootable: RecentCache<CloudImage>;

  constructor(
    private readonly cloud: CloudCalls,
    clock: Clock,
  ) {
    this.bootable = new RecentCache(clock, BOOTABLE_TTL_MS);
  }

  async assertBootable(projectId: string, imageId: string, flavorId: string): Promise<void> {
    const [image, flavor] = await Promise.all([
      this.lookup(
        () =>
          this.bootable.get(
            `${projectId} ${imageId}`,
            () => this.cloud.run((c) => c.getImage({ projectId }, imageId)),
            // Only an active image is worth remembering.
            (image) => image.status === 'active',
          ),
        () =>
          Errors.badReference(
            'IMAGE_NOT_FOUND',
            `Image ${imageId} does not exist or is not visible to your project.`,
            'imageId',
          ),
      ),
      this.lookup(
        () => this.cloud.run((c) => c.getFlavor(flavorId)),
        () =>
          Errors.badReference('FLAVOR_NOT_FOUND', `Flavor ${flavorId} does not exist.`, 'flavorId'),
      ),
    ]);
    if (image.status !== 'active') {
      throw Errors.badReference(
        'IMAGE_NOT_ACTIVE',
        `Image ${imageId} is ${image.status}, not active.`,
        'imageId',
      );
    }
    if (flavor.diskGb < image.minDiskGb || flavor.ramMb < image.minRamMb) {
      throw Errors.badReference(
        'FLAVOR_TOO_SMALL',
        `Flavor ${flavor.name} (${flavor.diskGb} GB disk, ${flavor.ramMb} MB RAM) is smaller than image ` +
          `${image.name} needs (${image.minDiskGb} GB disk, ${image.minRamMb} MB RAM).`,
        'flavorId',
      );
    }
  }

  /** A resize's target flavor exists (422 FLAVOR_NOT_FOUND otherwise). */
  async assertFlavor(flavorId: string): Promise<void> {
    await this.lookup(
      () => this.cloud.run((c) => c.getFlavor(flavorId)),
      () =>
        Errors.badReference('FLAVOR_NOT_FOUND', `Flavor ${flavorId} does not exist.`, 'flavorId'),
    );
  }

  /** A rescue image exists, is visible to the project and active. */
  async assertActiveImage(projectId: string, imageId: string): Promise<void> {
    const image = await this.lookup(
      () => this.cloud.run((c) => c.getImage({ projectId }, imageId)),
      () =>
        Errors.badReference(
          'IMAGE_NOT_FOUND',
          `Image ${imageId} does not exist or is not visible to your project.`,
          'imageId',
        ),
    );
    if (image.status !== 'active') {
      throw Errors.badReference(
        'IMAGE_NOT_ACTIVE',
        `Image ${imageId} is ${image.status}, not active.`,
        'imageId',
      );
    }
  }

  /** The key pair named by a create is one of the project's (422 KEYPAIR_NOT_FOUND otherwise). */
  async assertKeypair(projectId: string, keyName: string): Promise<void> {
    await this.lookup(
      () => this.cloud.run((c) => c.getKeypair({ projectId }, keyName)),
      () =>
        Errors.badReference(
          'KEYPAIR_NOT_FOUND',
          `Key pair ${keyName} does not exist in your project.`,
          'keyName',
        ),
    );
  }

  private async lookup<T extends CloudImage | CloudFlavor | CloudKeypair>(
    get: () => Promise<T>,
    missing: () => Error,
  ): Promise<T> {
    try {
      return await get();
    } catch (error) {
      if (error instanceof CloudNotFoundError) throw missing();
      throw fromCloudError(error, () => Errors.upstreamFailed());
    }
  }
}
