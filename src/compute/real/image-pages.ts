import { CloudUnavailableError } from '../cloud-errors';
import type { CloudImage, CloudPage, ListPosition, PageRequest } from '../cloud-records';
import type { GlanceImageRead } from './glance-api';
import { type GlanceImage, toCloudImage } from './glance-records';

/**
 * Glance reads one page may take to fill up when images hidden from the scope thin the
 * reads out. Past it the page is returned short, with a `next`.
 */
export const READS_PER_PAGE = 3;
/** Reads that only catch up to the position do not count above; this bounds them all. */
const MAX_READS = 20;

/**
 * One page of the images a scope sees, read from Glance `limit + 1` images at a time
 * (the extra one proves that more follow). Usually one request; images hidden from the
 * scope make it read on, up to `READS_PER_PAGE` reads, after which the page ends short
 * at the last image read, so the next page goes on from there instead of reading the
 * hidden ones again. A read made by time (the position's image is gone) may repeat
 * images up to the position: they are skipped until the reads pass it.
 */
export async function readImagePage(
  read: (after: ListPosition | undefined, limit: number) => Promise<GlanceImageRead>,
  visible: (image: GlanceImage) => boolean,
  page: PageRequest,
): Promise<CloudPage<CloudImage>> {
  const items: CloudImage[] = [];
  let scanned = page.after;
  let catchingUp = false;
  for (let reads = 0, counted = 0; counted < READS_PER_PAGE; reads++) {
    if (reads === MAX_READS) {
      throw new CloudUnavailableError('Glance image pages do not advance past their marker.');
    }
    const batch = await read(scanned, page.limit + 1);
    catchingUp ||= batch.byTime;
    let advanced = false;
    for (const image of batch.images) {
      const record = toCloudImage(image);
      scanned = positionOf(record);
      if (catchingUp) {
        if (!isAfter(record, page.after)) continue;
        catchingUp = false;
      }
      advanced = true;
      if (!visible(image)) continue;
      items.push(record);
      if (items.length > page.limit) {
        items.pop();
        return { items, next: positionOf(items[items.length - 1]) };
      }
    }
    if (!batch.more || batch.images.length === 0) return { items, next: null };
    if (advanced) counted++;
  }
  return { items, next: scanned ?? null };
}

function positionOf(image: CloudImage): ListPosition {
  return { createdAt: image.createdAt, id: image.id };
}

/** Whether the image comes strictly after the position, newest first. */
function isAfter(image: CloudImage, position: ListPosition | undefined): boolean {
  if (!position) return true;
  const a = image.createdAt.getTime();
  const b = position.createdAt.getTime();
  return a < b || (a === b && image.id < position.id);
}
