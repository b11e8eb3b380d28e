import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In, MoreThanOrEqual, type FindOptionsWhere } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { CloudBadRequestError, CloudNotFoundError } from '../cloud-errors';
import type {
  CloudFlavor,
  CloudImage,
  CloudScope,
  CloudServer,
  CreateServerRequest,
  ListImagesQuery,
  ListServersQuery,
  RebootType,
} from '../cloud-records';
import { OpenStackClient } from '../openstack-client';
import { FailureInjection } from './failure-injection';
import type { MockImageEntity } from './mock-image.entity';
import { checkBootable, isVisible, VISIBLE_TO_ALL } from './mock-image-rules';
import { MockOpenStackOptions } from './mock-openstack-options';
import { toCloudFlavor, toCloudImage, toCloudServer } from './mock-records';
import { newServerRow, newSnapshotImageRow } from './mock-rows';
import { MockRepositories } from './mock-repositories';
import type { MockServerEntity } from './mock-server.entity';
import { MockTaskRunner } from './mock-task-runner';
import { checkInstanceState } from './nova-state-rules';
import { TaskState } from './nova-status';

/**
 * A Nova/Glance simulator persisted in the `mock_*` tables. Every query goes through
 * the ambient transaction (`TransactionHost.tx`), so the simulated cloud commits or
 * rolls back with the caller's unit of work.
 *
 * Transitions follow Nova: an accepted action sets a `task_state` that completes
 * `latencyMs` later on the injected clock. Completion is lazy — each call first
 * settles the project's tasks that are due — so there are no timers; with latency 0
 * the action completes within the call.
 *
 * Failure injection, through the server's metadata (parsed by `FailureInjection`):
 * - `mock:fail=build` — the build ends in ERROR with a fault (code 500).
 * - `mock:fail=delete` — every delete ends in ERROR with a fault instead of deleting.
 * - `mock:fail=snapshot` — the snapshot image ends `killed`; the server's task clears.
 * - `mock:build-ms=<n>` — this server's build takes n ms instead of the latency.
 *
 * Several failures combine with commas: `mock:fail=build,delete`.
 */
@Injectable()
export class MockOpenStackClient extends OpenStackClient {
  /** The simulated cloud lives in our database, so its writes join our transactions. */
  readonly joinsTransactions = true;
  private readonly repos: MockRepositories;
  private readonly tasks: MockTaskRunner;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly options: MockOpenStackOptions,
  ) {
    super();
    this.repos = new MockRepositories(txHost);
    this.tasks = new MockTaskRunner(txHost, this.repos, clock);
  }

  /** Validates flavor and image as Nova does (400), then starts the build. */
  createServer(scope: CloudScope, request: CreateServerRequest): Promise<CloudServer> {
    return this.txHost.withTransaction(async () => {
      // Nova resolves the flavor before the image.
      const flavor = await this.repos.flavors.findOneBy({ id: request.flavorId });
      if (!flavor) throw new CloudBadRequestError(`Flavor ${request.flavorId} could not be found.`);
      const image = await this.repos.images.findOneBy({ id: request.imageId });
      if (!image || !isVisible(image, scope)) {
        throw new CloudBadRequestError(`Image ${request.imageId} could not be found.`);
      }
      checkBootable(flavor, image);
      const server = newServerRow(scope, randomUUID(), request, this.clock.now());
      const buildMs =
        FailureInjection.fromMetadata(request.metadata).buildMs ?? this.options.latencyMs;
      await this.tasks.begin(server, 'create', TaskState.Spawning, buildMs);
      return toCloudServer(server);
    });
  }

  /** A live server of the scope, its due task settled first. */
  async getServer(scope: CloudScope, id: string): Promise<CloudServer> {
    return toCloudServer(await this.loadServer(scope, id));
  }

  /** Newest first. Without `changesSince` deleted servers are left out, as in Nova. */
  async listServers(scope: CloudScope, query: ListServersQuery = {}): Promise<CloudServer[]> {
    await this.tasks.settleDue(scope.projectId);
    const where: FindOptionsWhere<MockServerEntity> = query.changesSince
      ? { projectId: scope.projectId, updatedAt: MoreThanOrEqual(query.changesSince) }
      : { projectId: scope.projectId, deleted: false };
    const rows = await this.repos.servers.find({ where, order: { createdAt: 'DESC', id: 'DESC' } });
    return rows.map(toCloudServer);
  }

  /** Allowed in any state; a delete already in progress makes this a no-op. */
  deleteServer(scope: CloudScope, id: string): Promise<void> {
    return this.act(scope, id, async (server) => {
      if (server.taskState === TaskState.Deleting) return;
      await this.tasks.killSnapshot(server);
      await this.tasks.begin(server, 'delete', TaskState.Deleting, this.options.latencyMs);
    });
  }

  /** SHUTOFF → ACTIVE. */
  startServer(scope: CloudScope, id: string): Promise<void> {
    return this.act(scope, id, async (server) => {
      checkInstanceState('start', server);
      await this.tasks.begin(server, 'start', TaskState.PoweringOn, this.options.latencyMs);
    });
  }

  /** ACTIVE or ERROR → SHUTOFF. */
  stopServer(scope: CloudScope, id: string): Promise<void> {
    return this.act(scope, id, async (server) => {
      checkInstanceState('stop', server);
      await this.tasks.begin(server, 'stop', TaskState.PoweringOff, this.options.latencyMs);
    });
  }

  /** Ends ACTIVE; meanwhile REBOOT or HARD_REBOOT (SHUTOFF stays SHUTOFF until it ends). */
  rebootServer(scope: CloudScope, id: string, type: RebootType): Promise<void> {
    return this.act(scope, id, async (server) => {
      const hard = type === 'HARD';
      checkInstanceState(hard ? 'rebootHard' : 'rebootSoft', server);
      const task = hard ? TaskState.RebootingHard : TaskState.Rebooting;
      await this.tasks.begin(server, 'reboot', task, this.options.latencyMs);
    });
  }

  /** A private snapshot image of the scope's project: `queued`, then `active`. */
  createServerImage(
    scope: CloudScope,
    id: string,
    name: string,
    metadata: Record<string, string> = {},
  ): Promise<string> {
    return this.act(scope, id, async (server) => {
      checkInstanceState('createImage', server);
      const now = this.clock.now();
      const image = newSnapshotImageRow({
        id: randomUUID(),
        name,
        metadata,
        server,
        base: await this.repos.images.findOneBy({ id: server.imageId }),
        flavor: await this.repos.flavors.findOneBy({ id: server.flavorId }),
        now,
        readyAt: new Date(now.getTime() + this.options.latencyMs),
      });
      await this.repos.images.insert(image);
      const latency = this.options.latencyMs;
      await this.tasks.begin(server, 'createImage', TaskState.ImageSnapshot, latency, image.id);
      return image.id;
    });
  }

  /** Public images and the scope's own, newest first; `name` and `status` match exactly. */
  async listImages(scope: CloudScope, query: ListImagesQuery = {}): Promise<CloudImage[]> {
    await this.tasks.settleDue(scope.projectId);
    const filters: FindOptionsWhere<MockImageEntity> = {};
    if (query.name !== undefined) filters.name = query.name;
    if (query.status !== undefined) filters.status = query.status;
    const rows = await this.repos.images.find({
      where: [
        { ...filters, visibility: In(VISIBLE_TO_ALL) },
        { ...filters, ownerProjectId: scope.projectId },
      ],
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return rows.map(toCloudImage);
  }

  /** Throws `CloudNotFoundError` for a missing image or one the scope cannot see. */
  async getImage(scope: CloudScope, id: string): Promise<CloudImage> {
    await this.tasks.settleDue(scope.projectId);
    const row = await this.repos.images.findOneBy({ id });
    if (!row || !isVisible(row, scope))
      throw new CloudNotFoundError(`No image found with ID ${id}`);
    return toCloudImage(row);
  }

  /** Public flavors, smallest first. */
  async listFlavors(): Promise<CloudFlavor[]> {
    const rows = await this.repos.flavors.find({
      where: { isPublic: true },
      order: { ramMb: 'ASC', id: 'ASC' },
    });
    return rows.map(toCloudFlavor);
  }

  /** Throws `CloudNotFoundError` for an unknown flavor. */
  async getFlavor(id: string): Promise<CloudFlavor> {
    const row = await this.repos.flavors.findOneBy({ id });
    if (!row) throw new CloudNotFoundError(`Flavor ${id} could not be found.`);
    return toCloudFlavor(row);
  }

  /** A trivial query through the ambient transaction's manager. */
  async ping(): Promise<void> {
    await this.txHost.tx.query('SELECT 1');
  }

  /** Runs an action on a live server of the scope, in one (possibly joined) transaction. */
  private act<T>(
    scope: CloudScope,
    id: string,
    action: (server: MockServerEntity) => Promise<T>,
  ): Promise<T> {
    return this.txHost.withTransaction(async () => action(await this.loadServer(scope, id)));
  }

  private async loadServer(scope: CloudScope, id: string): Promise<MockServerEntity> {
    await this.tasks.settleDue(scope.projectId);
    const row = await this.repos.servers.findOneBy({
      id,
      projectId: scope.projectId,
      deleted: false,
    });
    if (!row) throw new CloudNotFoundError(`Instance ${id} could not be found.`);
    return row;
  }
}
