import type {
  CloudFlavor,
  CloudImage,
  CloudScope,
  ListPosition,
} from '../../src/compute/cloud-records';
import type { OpenStackClient } from '../../src/compute/openstack-client';

/**
 * The image and flavor to boot on the live cloud: OPENSTACK_TEST_IMAGE_ID /
 * OPENSTACK_TEST_FLAVOR_ID, or the smallest active public image and the smallest flavor
 * that fits it.
 */
export async function bootableOnLiveCloud(
  client: OpenStackClient,
  scope: CloudScope,
): Promise<{ image: CloudImage; flavor: CloudFlavor; resizeFlavor: CloudFlavor }> {
  const images = await activeImages(client, scope);
  const image = process.env.OPENSTACK_TEST_IMAGE_ID
    ? await client.getImage(scope, process.env.OPENSTACK_TEST_IMAGE_ID)
    : images
        .filter((i) => i.visibility === 'public')
        .sort((a, b) => (a.sizeBytes ?? Infinity) - (b.sizeBytes ?? Infinity))[0];
  if (!image) throw new Error('No active public image; set OPENSTACK_TEST_IMAGE_ID.');
  const fitting = (await client.listFlavors())
    .filter((f) => f.diskGb >= image.minDiskGb && f.ramMb >= image.minRamMb)
    .sort((a, b) => a.ramMb - b.ramMb || a.diskGb - b.diskGb);
  const flavor = process.env.OPENSTACK_TEST_FLAVOR_ID
    ? await client.getFlavor(process.env.OPENSTACK_TEST_FLAVOR_ID)
    : fitting[0];
  if (!flavor) throw new Error('No flavor fits the test image; set OPENSTACK_TEST_FLAVOR_ID.');
  // Resizes go up: to the next flavor that fits, with at least the disk of the first.
  const resizeFlavor = fitting.find((f) => f.id !== flavor.id && f.diskGb >= flavor.diskGb);
  if (!resizeFlavor) throw new Error('The live cloud needs two flavors that fit the test image.');
  return { image, flavor, resizeFlavor };
}

/** Every active image the scope sees, page by page. */
async function activeImages(client: OpenStackClient, scope: CloudScope): Promise<CloudImage[]> {
  const images: CloudImage[] = [];
  let after: ListPosition | undefined;
  do {
    const page = await client.listImages(scope, { status: 'active' }, { limit: 200, after });
    images.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return images;
}
