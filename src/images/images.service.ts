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

  /**
   * One page, read from the cloud a page at a time (never every image, then sliced). The
   * cursor is the cloud's position, newest first: (createdAt, id) of where the page ended.
   */
  async list(principal: Principal, query: ListImagesQueryDto): Promise<Page<ImageDto>> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const page = await this.call(() =>
      this.cloud.run((c) =>
        c.listImages(
          { projectId: scopeOf(principal, query.projectId) },
          { name: query.name, status: query.status },
          {
            limit: query.limit,
            after: after && { createdAt: new Date(after.createdAt), id: after.id },
          },
        ),
      ),
    );
    return {
      items: page.items.map(toDto),
      nextCursor: page.next ? encodeCursor(page.next) : null,
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
