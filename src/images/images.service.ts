import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import type { DomainError } from '../common/errors/domain-error';
import { Errors } from '../common/errors/errors';
import { bodyPieces, ByteLimitExceeded, limitBytes } from '../common/http/byte-limit';
import { fromCloudError } from '../compute/cloud-error-mapping';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import type { Page } from '../common/pagination/keyset';
import { AppConfig } from '../config/app-config';
import { CloudCalls } from '../compute/cloud-calls';
import { CloudConflictError } from '../compute/cloud-errors';
import type { CloudImage, CloudScope } from '../compute/cloud-records';
import type { CreateImageDto } from './dto/create-image.dto';
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
  diskFormat: image.diskFormat,
  containerFormat: image.containerFormat,
  checksum: image.checksum,
  hashAlgo: image.hashAlgo,
  hashValue: image.hashValue,
  tags: [...image.tags],
  protected: image.isProtected,
  projectId: image.projectId,
  properties: { ...image.properties },
});

/** The image data of an upload: the request body's stream, or nothing (an empty body). */
export type ImageDataBody = Readable | undefined;

/**
 * Images visible to the caller's project, as the cloud reports them; the project's own
 * can be registered, given their data and deleted.
 */
@Injectable()
export class ImagesService {
  constructor(
    private readonly cloud: CloudCalls,
    private readonly config: AppConfig,
  ) {}

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
    return toDto(await this.read({ projectId: scopeOf(principal, projectId) }, id));
  }

  /** Registers an image of the caller's project: `queued`, no data yet. */
  async create(principal: Principal, body: CreateImageDto): Promise<ImageDto> {
    const image = await this.call(() =>
      this.cloud.run((c) =>
        c.createImage(
          { projectId: principal.projectId },
          {
            name: body.name,
            diskFormat: body.diskFormat,
            containerFormat: body.containerFormat,
            visibility: body.visibility ?? 'private',
            minDiskGb: body.minDiskGb ?? 0,
            minRamMb: body.minRamMb ?? 0,
            tags: [...new Set(body.tags ?? [])],
            properties: { ...body.properties },
          },
        ),
      ),
    );
    return toDto(image);
  }

  /**
   * Streams the request body into a queued image of the project (ADR 16): piece by piece
   * to the cloud, cut off past `IMAGE_UPLOAD_MAX_BYTES` (413; the image is queued again),
   * outside any transaction. Answers the image as the cloud then shows it.
   */
  async upload(
    principal: Principal,
    id: string,
    body: ImageDataBody,
    projectId?: string,
  ): Promise<ImageDto> {
    const scope = { projectId: scopeOf(principal, projectId) };
    const image = await this.owned(scope, id);
    if (image.status !== 'queued') throw Errors.imageNotQueued(id, image.status);
    const limit = this.config.imageUploadMaxBytes;
    const data = limitBytes(body ? bodyPieces(body) : emptyBody(), limit);
    try {
      // Not in a unit of work: the simulator writes each chunk in a short one of its own.
      await this.cloud.client.uploadImageData(scope, id, data);
    } catch (error) {
      if (error instanceof ByteLimitExceeded) throw Errors.imageTooLarge(limit);
      if (error instanceof CloudConflictError) {
        throw Errors.imageNotQueued(id, (await this.read(scope, id)).status);
      }
      if (body?.destroyed || isCutOff(error)) throw Errors.uploadCutOff();
      throw fromCloudError(error, () => Errors.imageNotFound(id));
    }
    return toDto(await this.read(scope, id));
  }

  /** Deletes an image of the project (another project's reads as not found). */
  async delete(principal: Principal, id: string, projectId?: string): Promise<void> {
    const scope = { projectId: scopeOf(principal, projectId) };
    const image = await this.owned(scope, id);
    if (image.isProtected) throw Errors.imageProtected(id);
    await this.call(
      () => this.cloud.run((c) => c.deleteImage(scope, id)),
      () => Errors.imageNotFound(id),
    );
  }

  /** An image the scope sees and owns; 404 otherwise, as for any other project's resource. */
  private async owned(scope: CloudScope, id: string): Promise<CloudImage> {
    const image = await this.read(scope, id);
    if (image.projectId !== scope.projectId) throw Errors.imageNotFound(id);
    return image;
  }

  private read(scope: CloudScope, id: string): Promise<CloudImage> {
    return this.call(
      () => this.cloud.run((c) => c.getImage(scope, id)),
      () => Errors.imageNotFound(id),
    );
  }

  private async call<T>(
    fn: () => Promise<T>,
    notFound: () => DomainError = () => Errors.upstreamFailed(),
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

/** A request body that ended early: the client went away mid-upload. */
function isCutOff(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ABORT_ERR';
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
