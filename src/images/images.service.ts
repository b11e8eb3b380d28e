import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { Errors } from '../common/errors/errors';
import { fromCloudError } from '../compute/cloud-error-mapping';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import type { Page } from '../common/pagination/keyset';
import { CloudCalls } from '../compute/cloud-calls';
import type { CloudImage } from '../compute/cloud-records';
import type { ImageDto } from './dto/image.dto';
import type { ListImagesQueryDto } from './dto/list-images-query.dto';

const toDto = (image: CloudImage): ImageDto => ({
  id: image.id,
  name: image.name,
  status: image.status,
  minDiskGb: image.minDiskGb,
  minRamMb: image.minRamMb,
  sizeBytes: image.sizeBytes,
  visibility: image.visibility,
  createdAt: image.createdAt.toISOString(),
});

/** Images visible to the caller's project, as the cloud reports them. */
@Injectable()
export class ImagesService {
  constructor(private readonly cloud: CloudCalls) {}

  async list(principal: Principal, query: ListImagesQueryDto): Promise<Page<ImageDto>> {
    const images = await this.call(() =>
      this.cloud.run((c) =>
        c.listImages(
          { projectId: scopeOf(principal, query.projectId) },
          { name: query.name, status: query.status },
        ),
      ),
    );
    // The cloud returns them all; page over them newest first with the same cursors as elsewhere.
    const sorted = images.sort(
      (a, b) =>
        b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rest = after
      ? sorted.filter((i) => {
          const t = i.createdAt.toISOString();
          return t < after.createdAt || (t === after.createdAt && i.id < after.id);
        })
      : sorted;
    const items = rest.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toDto),
      nextCursor: rest.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  async get(principal: Principal, id: string, projectId?: string): Promise<ImageDto> {
    return toDto(
      await this.call(
        () => this.cloud.run((c) => c.getImage({ projectId: scopeOf(principal, projectId) }, id)),
        () => Errors.imageNotFound(id),
      ),
    );
  }

  private async call<T>(
    fn: () => Promise<T>,
    notFound = () => Errors.upstreamFailed(),
  ): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw fromCloudError(error, notFound);
    }
  }
}

/** The project whose view of the images to read: an admin may pick one; a member has its own. */
function scopeOf(principal: Principal, requested?: string): string {
  return principal.role === 'admin' && requested ? requested : principal.projectId;
}
