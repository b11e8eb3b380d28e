import { randomUUID } from 'node:crypto';
import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { LessThanOrEqual } from 'typeorm';
import type { Clock } from '../../common/clock/clock';
import {
  CloudBadRequestError,
  CloudConflictError,
  CloudForbiddenError,
  CloudGoneError,
  CloudNotFoundError,
  CloudQuotaExceededError,
} from '../../compute/cloud-errors';
import type { CloudScope } from '../../compute/cloud-records';
import { MockImageEntity } from '../entities/mock-image.entity';
import { MockImageTaskEntity } from '../entities/mock-image-task.entity';
import type { SimulatorOptions } from '../simulator-options';
import type { SimulatorRepositories } from '../simulator-repositories';
import { CHUNK_BYTES, ImageDataStore } from './image-data-store';
import { ImageDigest } from './image-digest';
import { canModify, isVisible } from './image-rules';

/** Glance's default `image_tag_quota`. */
export const MAX_IMAGE_TAGS = 128;
/** Glance Zed's import methods (`GET /v2/info/import`). */
export const IMPORT_METHODS = ['glance-direct', 'web-download', 'copy-image'];
/** The one store the simulated Glance has (`GET /v2/info/stores`). */
export const IMAGE_STORE = 'fs';
/** Glance keeps a finished task this long (`task_time_to_live`, 48 h). */
const TASK_TTL_MS = 48 * 3600 * 1000;

/** An image to register (Glance `POST /v2/images`), its values already validated. */
export interface NewImage {
  /** Glance lets the caller choose the id. */
  id?: string;
  name: string | null;
  diskFormat: string | null;
  containerFormat: string | null;
  visibility: string;
  isProtected: boolean;
  osHidden: boolean;
  minDiskGb: number;
  minRamMb: number;
  tags: string[];
  properties: Record<string, string>;
  /** The owning project: the scope's own unless an admin names another (null: none). */
  ownerProjectId?: string | null;
}

/** What an update (Glance `PATCH`) sets; properties and tags are replaced whole. */
export type ImageChanges = Partial<
  Pick<
    MockImageEntity,
    | 'name'
    | 'diskFormat'
    | 'containerFormat'
    | 'visibility'
    | 'isProtected'
    | 'osHidden'
    | 'minDiskGb'
    | 'minRamMb'
    | 'tags'
    | 'properties'
    | 'ownerProjectId'
  >
>;

/** Where uploaded data goes: the image itself (`file`), or staging for an import (`stage`). */
export type UploadTarget = 'file' | 'stage';

/** Data to stream out: the image, and its chunks read one at a time. */
export interface ImageData {
  image: MockImageEntity;
  chunks: () => AsyncGenerator<Buffer>;
}

/** An import request (Glance `POST /v2/images/{id}/import`), as the caller sent it. */
export interface ImportRequest {
  method: string;
  /** `web-download`'s URI. */
  uri?: unknown;
  allStores?: boolean;
  /** The request body, kept in the task's input. */
  body: Record<string, unknown>;
  /** The call's `x-openstack-request-id`, and who made it (the task records both). */
  requestId: string;
  userId: string;
}

/**
 * The simulated Glance's writes (ADR 16): register, update, delete, deactivate and
 * reactivate, tags, data upload and download, staging and `glance-direct` imports, with
 * Glance's statuses (`queued` → `saving` → `active`; `queued` → `uploading` →
 * `importing` → `active`; `deactivated`) and its refusals, thrown as the port's
 * `CloudError`s carrying Glance's messages.
 *
 * Data streams: uploads are cut into chunks of at most 1 MiB, each written in a short
 * unit of work of its own (`SimulatorOptions.runUnit`) while md5 and sha512 are computed
 * on the way, so no upload holds a transaction (or the file) for its whole length. A
 * failed or aborted upload removes what it wrote and puts the image back to `queued`,
 * as Glance does.
 */
export class SimulatedGlance {
  private readonly data: ImageDataStore;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repos: SimulatorRepositories,
    private readonly clock: Clock,
    private readonly options: SimulatorOptions,
  ) {
    this.data = new ImageDataStore(txHost);
  }

  /** Registers an image: `queued`, no data. */
  create(scope: CloudScope, image: NewImage): Promise<MockImageEntity> {
    return this.txHost.withTransaction(async () => {
      const owner = image.ownerProjectId === undefined ? scope.projectId : image.ownerProjectId;
      if (!scope.admin && owner !== scope.projectId) {
        throw new CloudForbiddenError(
          `You are not permitted to create images owned by '${owner ?? 'None'}'.`,
        );
      }
      checkPublicize(scope, image.visibility);
      const id = image.id ?? randomUUID();
      if (await this.repos.images.existsBy({ id })) {
        throw new CloudConflictError(`Image ID ${id} already exists!`);
      }
      const now = this.clock.now();
      const row = Object.assign(new MockImageEntity(), {
        id,
        name: image.name,
        status: 'queued',
        visibility: image.visibility,
        ownerProjectId: owner,
        minDiskGb: image.minDiskGb,
        minRamMb: image.minRamMb,
        sizeBytes: null,
        diskFormat: image.diskFormat,
        containerFormat: image.containerFormat,
        sourceServerId: null,
        properties: { ...image.properties },
        createdAt: now,
        updatedAt: now,
        readyAt: null,
        tags: uniqueTags(image.tags),
        isProtected: image.isProtected,
        osHidden: image.osHidden,
        checksum: null,
        hashValue: null,
        virtualSize: null,
        uploadId: null,
      });
      if (row.tags.length > MAX_IMAGE_TAGS) throw tagQuota(id, row.tags.length);
      // Every column is given: nothing to read back (TypeORM would write the raw values of
      // the defaulted columns, untransformed, into `row`).
      await this.repos.images
        .createQueryBuilder()
        .insert()
        .values(row)
        .updateEntity(false)
        .execute();
      return row;
    });
  }

  /** Sets what `changes` names, on an image the scope may modify. Returns the image now. */
  update(scope: CloudScope, id: string, changes: ImageChanges): Promise<MockImageEntity> {
    return this.txHost.withTransaction(async () => {
      const image = await this.modifiable(scope, id);
      if (changes.visibility !== undefined && changes.visibility !== image.visibility) {
        checkPublicize(scope, changes.visibility);
      }
      for (const field of ['diskFormat', 'containerFormat'] as const) {
        const value = changes[field];
        if (value !== undefined && value !== image[field] && image.status !== 'queued') {
          const name = field === 'diskFormat' ? 'disk_format' : 'container_format';
          throw new CloudForbiddenError(
            `Attribute ${name} can be only replaced for a queued image.`,
          );
        }
      }
      if (changes.ownerProjectId !== undefined && !scope.admin) {
        throw new CloudForbiddenError("Owner can't be updated by non admin.");
      }
      const tags = changes.tags === undefined ? undefined : uniqueTags(changes.tags);
      if (tags && tags.length > MAX_IMAGE_TAGS) throw tagQuota(id, tags.length);
      Object.assign(image, changes, tags ? { tags } : {}, { updatedAt: this.clock.now() });
      await this.repos.images.save(image);
      return image;
    });
  }

  /**
   * Deletes an image the scope may modify, with its data and tasks. A protected image
   * cannot be deleted. An upload in progress then ends in 410.
   */
  delete(scope: CloudScope, id: string): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const image = await this.visible(scope, id, `Failed to find image ${id} to delete`);
      if (!canModify(image, scope)) throw new CloudForbiddenError('You do not own this image');
      if (image.isProtected) {
        throw new CloudForbiddenError(`Image ${id} is protected and cannot be deleted.`);
      }
      await this.repos.images.delete({ id });
      await this.data.delete(id);
      await this.repos.imageTasks.delete({ imageId: id });
    });
  }

  /** `active` → `deactivated` (again: nothing changes); from another status, 403. */
  deactivate(scope: CloudScope, id: string): Promise<void> {
    return this.switchActivation(scope, id, 'deactivate');
  }

  /** `deactivated` → `active` (again: nothing changes); from another status, 403. */
  reactivate(scope: CloudScope, id: string): Promise<void> {
    return this.switchActivation(scope, id, 'reactivate');
  }

  /** Adds a tag (one it has already changes nothing); at most 128 (413). */
  addTag(scope: CloudScope, id: string, tag: string): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const image = await this.taggable(scope, id);
      if (image.tags.includes(tag)) return;
      const tags = [...image.tags, tag];
      if (tags.length > MAX_IMAGE_TAGS) throw tagQuota(id, tags.length);
      image.tags = tags;
      image.updatedAt = this.clock.now();
      await this.repos.images.save(image);
    });
  }

  /** Removes a tag; 404 when the image does not have it. */
  removeTag(scope: CloudScope, id: string, tag: string): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const image = await this.taggable(scope, id);
      if (!image.tags.includes(tag)) {
        throw new CloudNotFoundError('The resource could not be found.');
      }
      image.tags = image.tags.filter((t) => t !== tag);
      image.updatedAt = this.clock.now();
      await this.repos.images.save(image);
    });
  }

  /**
   * Streams `source` into the image (`file`: `queued` → `saving` → `active`, with size,
   * checksums and virtual size) or into staging for an import (`stage`: `queued` →
   * `uploading`, with its size). Call it outside any transaction: each step is a short
   * unit of work of its own. If `source` fails (a client gone, a size limit) the chunks
   * written are removed, the image is `queued` again and the error is rethrown; an image
   * deleted meanwhile ends it with `CloudGoneError` (Glance's 410).
   */
  async upload(
    scope: CloudScope,
    id: string,
    source: AsyncIterable<Uint8Array>,
    target: UploadTarget = 'file',
  ): Promise<MockImageEntity> {
    const uploadId = randomUUID();
    await this.unit(() => this.beginUpload(scope, id, target, uploadId));
    const digest = new ImageDigest();
    let seq = 0;
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const piece of source) {
        digest.update(piece);
        pending.push(Buffer.from(piece));
        pendingBytes += piece.byteLength;
        while (pendingBytes >= CHUNK_BYTES) {
          const all = Buffer.concat(pending, pendingBytes);
          const chunk = all.subarray(0, CHUNK_BYTES);
          const rest = all.subarray(CHUNK_BYTES);
          pending = rest.length > 0 ? [Buffer.from(rest)] : [];
          pendingBytes = rest.length;
          const n = seq++;
          await this.unit(() => this.data.insert(id, n, Buffer.from(chunk)));
        }
      }
      if (pendingBytes > 0) {
        const n = seq++;
        await this.unit(() => this.data.insert(id, n, Buffer.concat(pending, pendingBytes)));
      }
    } catch (error) {
      await this.unit(() => this.abortUpload(id, uploadId));
      throw error;
    }
    const done = await this.unit(() => this.finishUpload(id, uploadId, target, digest));
    if (done) return done;
    // Deleted during the upload: what was written after the delete goes too.
    await this.unit(() => this.abortUpload(id, uploadId));
    throw new CloudGoneError(
      `Image ${id} could not be found after upload. The image may have been deleted ` +
        'during the upload, cleaning up the chunks uploaded.',
    );
  }

  /**
   * The image's data to stream out, or null when it has none (Glance's 204): nothing
   * uploaded yet, or an image whose bytes the simulator never had (the seeded ones,
   * snapshots). A deactivated image's data is for admins only (403). Read the chunks
   * outside any transaction: each is its own short read.
   */
  openData(scope: CloudScope, id: string): Promise<ImageData | null> {
    return this.txHost.withTransaction(async () => {
      const image = await this.visible(scope, id);
      if (image.status === 'deactivated' && !scope.admin) {
        throw new CloudForbiddenError(
          'The requested image has been deactivated. Image data download is forbidden.',
        );
      }
      const hasData =
        (image.status === 'active' || image.status === 'deactivated') && image.checksum !== null;
      if (!hasData) return null;
      const chunks = async function* (this: SimulatedGlance) {
        for (let seq = 0; ; seq++) {
          const chunk = await this.unit(() => this.data.read(id, seq));
          if (!chunk) return;
          yield chunk;
        }
      }.bind(this);
      return { image, chunks };
    });
  }

  /**
   * Glance's interoperable import. `glance-direct` takes the staged data: the image is
   * `importing` (with `os_glance_import_task`) for the simulator's latency, then `active`
   * and its task `success`. `web-download` never passes the simulator's URI filter (as on
   * a cloud with no route out); `copy-image` has nowhere to copy to (one store).
   */
  import(scope: CloudScope, id: string, request: ImportRequest): Promise<void> {
    return this.txHost.withTransaction(async () => {
      if (!IMPORT_METHODS.includes(request.method)) {
        throw new CloudBadRequestError(`Unknown import method name '${request.method}'.`);
      }
      const image = await this.visible(scope, id);
      const copy = request.method === 'copy-image';
      // Glance's checks, in its order.
      if (image.status === 'active' && !copy) {
        throw new CloudConflictError('Image with status active cannot be target for import');
      }
      if (image.status !== 'active' && copy) {
        throw new CloudConflictError('Only images with status active can be targeted for copying');
      }
      if (image.status !== 'queued' && request.method === 'web-download') {
        throw new CloudConflictError(
          "Image needs to be in 'queued' state to use 'web-download' method",
        );
      }
      if (
        (image.status !== 'uploading' || image.uploadId !== null) &&
        request.method === 'glance-direct'
      ) {
        throw new CloudConflictError(
          "Image needs to be staged before 'glance-direct' method can be used",
        );
      }
      if (request.method === 'web-download') {
        throw new CloudBadRequestError(
          `URI for web-download does not pass filtering: ${
            typeof request.uri === 'string' ? request.uri : 'None'
          }`,
        );
      }
      if (copy) {
        if (!scope.admin) {
          throw new CloudForbiddenError('You are not authorized to complete copy_image action.');
        }
        // Every store has it already: with `all_stores` there is nothing to do.
        if (request.allStores === true) return;
        throw new CloudBadRequestError(`Image is already present at store '${IMAGE_STORE}'`);
      }
      if (!canModify(image, scope)) throw new CloudForbiddenError('You do not own this image');
      return this.startImport(scope, image, request);
    });
  }

  /** The image's tasks, oldest first (404 when the scope does not see the image). */
  tasks(scope: CloudScope, id: string): Promise<MockImageTaskEntity[]> {
    return this.txHost.withTransaction(async () => {
      await this.visible(scope, id, 'The resource could not be found.');
      return this.repos.imageTasks.find({
        where: { imageId: id },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
    });
  }

  /** Completes the imports that are due: each image goes `active`, its task `success`. */
  async settleImports(): Promise<void> {
    const due = await this.repos.images.findBy({
      status: 'importing',
      readyAt: LessThanOrEqual(this.clock.now()),
    });
    for (const image of due) await this.finishImport(image);
  }

  /** A step of an upload or download: a unit of work of its own (serialised on SQLite). */
  private unit<T>(fn: () => Promise<T>): Promise<T> {
    return this.options.runUnit(() => this.txHost.withTransaction(fn));
  }

  private async beginUpload(
    scope: CloudScope,
    id: string,
    target: UploadTarget,
    uploadId: string,
  ): Promise<void> {
    const image = await this.visible(scope, id);
    if (!canModify(image, scope)) {
      throw new CloudForbiddenError(
        target === 'file'
          ? `Not allowed to upload image data for image ${id}`
          : 'You do not own this image',
      );
    }
    const next = target === 'file' ? 'saving' : 'uploading';
    if (image.status !== 'queued') {
      throw new CloudConflictError(
        `Image status transition from ${image.status} to ${next} is not allowed`,
      );
    }
    if (target === 'file') {
      const missing = [
        image.diskFormat === null ? 'disk_format' : null,
        image.containerFormat === null ? 'container_format' : null,
      ].filter((name) => name !== null);
      if (missing.length > 0) {
        throw new CloudBadRequestError(
          `${missing.length > 1 ? 'Properties' : 'Property'} ${missing.join(', ')} must be set ` +
            'prior to saving data.',
        );
      }
    }
    // Conditional, so two uploads at once cannot both start: one finds it no longer queued.
    const started = await this.repos.images.update(
      { id, status: 'queued' },
      { status: next, uploadId, updatedAt: this.clock.now() },
    );
    if (!started.affected) {
      throw new CloudConflictError(`Image status transition from saving to ${next} is not allowed`);
    }
    // Chunks an upload cut short by a crash may have left.
    await this.data.delete(id);
  }

  private async abortUpload(id: string, uploadId: string): Promise<void> {
    const image = await this.repos.images.findOneBy({ id });
    if (image && image.uploadId !== uploadId) return;
    await this.data.delete(id);
    if (image) {
      await this.repos.images.update(
        { id, uploadId },
        { status: 'queued', uploadId: null, updatedAt: this.clock.now() },
      );
    }
  }

  private async finishUpload(
    id: string,
    uploadId: string,
    target: UploadTarget,
    digest: ImageDigest,
  ): Promise<MockImageEntity | null> {
    const image = await this.repos.images.findOneBy({ id });
    if (!image || image.uploadId !== uploadId) return null;
    const { checksum, hashValue } = digest.finish();
    Object.assign(image, {
      status: target === 'file' ? 'active' : 'uploading',
      uploadId: null,
      sizeBytes: digest.size,
      checksum,
      hashValue,
      virtualSize: digest.virtualSize(image.diskFormat),
      updatedAt: this.clock.now(),
    });
    await this.repos.images.save(image);
    return image;
  }

  private async startImport(
    scope: CloudScope,
    image: MockImageEntity,
    request: ImportRequest,
  ): Promise<void> {
    const now = this.clock.now();
    const task = Object.assign(new MockImageTaskEntity(), {
      id: randomUUID(),
      imageId: image.id,
      projectId: scope.projectId,
      userId: request.userId,
      requestId: request.requestId,
      type: 'api_image_import',
      status: 'processing',
      input: { image_id: image.id, import_req: request.body, backend: [IMAGE_STORE] },
      result: null,
      message: '',
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + TASK_TTL_MS),
    });
    await this.repos.imageTasks.save(task);
    image.status = 'importing';
    image.properties = { ...image.properties, os_glance_import_task: task.id };
    image.readyAt = new Date(now.getTime() + this.options.latencyMs);
    await this.repos.images.save(image);
    if (this.options.latencyMs === 0) await this.finishImport(image);
  }

  private async finishImport(image: MockImageEntity): Promise<void> {
    const at = image.readyAt ?? this.clock.now();
    const properties = { ...image.properties };
    const taskId = properties.os_glance_import_task;
    delete properties.os_glance_import_task;
    Object.assign(image, {
      status: 'active',
      readyAt: null,
      updatedAt: at,
      properties: { ...properties, os_glance_importing_to_stores: '', os_glance_failed_import: '' },
    });
    await this.repos.images.save(image);
    if (taskId === undefined) return;
    const mib = Math.floor((image.sizeBytes ?? 0) / (1024 * 1024));
    await this.repos.imageTasks.update(
      { id: taskId },
      {
        status: 'success',
        result: { image_id: image.id },
        message: `Copied ${mib} MiB`,
        updatedAt: at,
        expiresAt: new Date(at.getTime() + TASK_TTL_MS),
      },
    );
  }

  private switchActivation(
    scope: CloudScope,
    id: string,
    action: 'deactivate' | 'reactivate',
  ): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const image = await this.modifiable(scope, id);
      const [from, to] =
        action === 'deactivate' ? ['active', 'deactivated'] : ['deactivated', 'active'];
      if (image.status === to) return;
      if (image.status !== from) {
        throw new CloudForbiddenError(`Not allowed to ${action} image in status '${image.status}'`);
      }
      await this.repos.images.update({ id }, { status: to, updatedAt: this.clock.now() });
    });
  }

  /** An image the scope sees, or Glance's 404. */
  private async visible(
    scope: CloudScope,
    id: string,
    notFound = `No image found with ID ${id}`,
  ): Promise<MockImageEntity> {
    await this.settleImports();
    const image = await this.repos.images.findOneBy({ id });
    if (!image || !isVisible(image, scope)) throw new CloudNotFoundError(notFound);
    return image;
  }

  /** An image the scope sees and may change, or Glance's 404 / 403. */
  private async modifiable(scope: CloudScope, id: string): Promise<MockImageEntity> {
    const image = await this.visible(scope, id);
    if (!canModify(image, scope)) throw new CloudForbiddenError('You do not own this image');
    return image;
  }

  private async taggable(scope: CloudScope, id: string): Promise<MockImageEntity> {
    const image = await this.visible(scope, id, `Image ${id} not found.`);
    if (!canModify(image, scope)) {
      throw new CloudForbiddenError(`Not allowed to update tags for image ${id}.`);
    }
    return image;
  }
}

/** Only an admin may make an image public (Glance's `publicize_image` policy). */
function checkPublicize(scope: CloudScope, visibility: string): void {
  if (visibility === 'public' && !scope.admin) {
    throw new CloudForbiddenError('You are not authorized to complete publicize_image action.');
  }
}

/** Tags are a set, kept in the order first given. */
function uniqueTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}

function tagQuota(id: string, attempted: number): CloudQuotaExceededError {
  return new CloudQuotaExceededError(
    `Image tag limit exceeded for image ${id}: The limit has been exceeded on the number of ` +
      `allowed image tags. Attempted: ${attempted}, Maximum: ${MAX_IMAGE_TAGS}:`,
  );
}
