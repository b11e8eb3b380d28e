import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import {
  Between,
  Brackets,
  LessThanOrEqual,
  MoreThanOrEqual,
  QueryFailedError,
  type FindOptionsWhere,
  type SelectQueryBuilder,
} from 'typeorm';
import { Clock } from '../common/clock/clock';
import { compressIpv6 } from '../compute/access-ips';
import {
  CloudBadRequestError,
  CloudConflictError,
  CloudNotFoundError,
  CloudQuotaExceededError,
} from '../compute/cloud-errors';
import type {
  CloudKeypairType,
  CloudScope,
  CreateServerRequest,
  DiskConfig,
  PageRequest,
  RebootType,
  RebuildRequest,
  SimpleServerAction,
} from '../compute/cloud-records';
import type { MockFlavorEntity } from './entities/mock-flavor.entity';
import type { MockImageEntity } from './entities/mock-image.entity';
import type { MockInstanceActionEntity } from './entities/mock-instance-action.entity';
import { MockKeypairEntity } from './entities/mock-keypair.entity';
import { MockServerEntity } from './entities/mock-server.entity';
import { MockServerTagEntity } from './entities/mock-server-tag.entity';
import type { MockFixedIpEntity } from './entities/mock-fixed-ip.entity';
import type { MockNetworkEntity } from './entities/mock-network.entity';
import type { MockPortEntity } from './entities/mock-port.entity';
import type { MockSubnetEntity } from './entities/mock-subnet.entity';
import { NetworkPorts, type PortAddress } from './neutron/network-ports';
import { FailureInjection } from './failure-injection';
import { canModify, checkBootable, isVisible, VISIBLE_TO_ALL } from './glance/image-rules';
import { SimulatedGlance } from './glance/simulated-glance';
import { checkKeypairName, generateNovaKeypair, keypairFingerprint } from './nova/keypair-rules';
import { generateNovaX509Keypair } from './nova/winrm-certificate';
import { newServerRow, newSnapshotImageRow } from './nova/new-rows';
import { consoleLog } from './nova/console-log';
import type { NovaActionKey } from './nova/nova-actions';
import { checkInstanceState } from './nova/nova-state-rules';
import {
  checkMetadata,
  checkTag,
  checkTagList,
  EDIT_RULES,
  MAX_METADATA_ITEMS,
  tooManyTags,
} from './nova/server-edits';
import { MAX_SERVER_TAGS, sortedTags } from '../compute/server-tags';
import { TaskState, VmState } from './nova/nova-status';
import { SimulatedServerGroups, type BootPlacement } from './nova/server-groups';
import { SimulatedMetadefs } from './glance/metadefs';
import { SimulatorOptions } from './simulator-options';
import { SimulatorRepositories } from './simulator-repositories';
import { TaskRunner } from './tasks/task-runner';

/** Which servers a listing returns. */
export interface ServerRowsQuery {
  /** Changed at or after (deleted servers included, as Nova's `changes-since`). */
  changesSince?: Date;
  /** Changed at or before (Nova's `changes-before`, deleted servers included). */
  changesBefore?: Date;
}

/** Exact-match filters of an image listing. */
export interface ImageRowsQuery {
  name?: string;
  status?: string;
}

/** A key pair to import: a public key (or, for `x509`, a PEM certificate). */
export interface KeypairImport {
  name: string;
  publicKey: string;
  type?: CloudKeypairType;
}

/** A port with its fixed IPs (IPv4 first). */
export interface PortRow {
  port: MockPortEntity;
  fixedIps: MockFixedIpEntity[];
}

/**
 * What `PUT /servers/{id}` changes: the name, the access addresses, the disk config, and
 * from microversion 2.19 the description.
 */
export interface ServerUpdate {
  name?: string;
  description?: string | null;
  accessIpv4?: string;
  accessIpv6?: string;
  diskConfig?: DiskConfig;
}

/** How a change to an image went: done, or refused as Glance refuses it. */
export type ImageWriteOutcome = 'done' | 'not_found' | 'forbidden';

/** One page of image rows, newest first, and whether more follow it. */
export interface ImageRowsPage {
  rows: MockImageEntity[];
  more: boolean;
}

/**
 * The simulated Nova/Glance cloud, persisted in the `mock_*` tables: the one instance
 * both the `MockOpenStackClient` adapter and the OpenStack-compatible API work on.
 * Every query goes through the ambient transaction (`TransactionHost.tx`), so the
 * simulated cloud commits or rolls back with the caller's unit of work.
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
 * Several failures combine with commas: `mock:fail=build,delete`. Errors are the
 * port's `CloudError` family, carrying Nova's own messages.
 */
@Injectable()
export class SimulatedCloud {
  private readonly repos: SimulatorRepositories;
  private readonly tasks: TaskRunner;
  private readonly neutron: NetworkPorts;
  /** Nova's server groups (`/os-server-groups`), which creates may name. */
  readonly serverGroups: SimulatedServerGroups;
  /** Glance's metadata definitions (`/v2/metadefs`). */
  readonly metadefs: SimulatedMetadefs;
  /** Glance's image writes: register, update, delete, tags, data, imports (ADR 16). */
  readonly glance: SimulatedGlance;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly options: SimulatorOptions,
  ) {
    this.repos = new SimulatorRepositories(txHost);
    this.neutron = new NetworkPorts(txHost, this.repos, clock);
    this.tasks = new TaskRunner(txHost, this.repos, clock, options.latencyMs, (serverId) =>
      this.neutron.release(serverId),
    );
    this.serverGroups = new SimulatedServerGroups(txHost, clock, (projectId) =>
      this.tasks.settleDue(projectId),
    );
    this.metadefs = new SimulatedMetadefs(txHost, clock);
    this.glance = new SimulatedGlance(txHost, this.repos, clock, options);
  }

  /**
   * Validates flavor, image, key pair and networks as Nova does (400, or 409 for an
   * ambiguous network), makes the server's ports, then starts the build. A fixed IP its
   * network cannot give fails the build instead, as in Nova. With a `placement` (a server
   * group the request names), the server joins the group, and a server the group leaves
   * no host for gets no ports and fails its build.
   */
  createServer(
    scope: CloudScope,
    request: CreateServerRequest,
    placement?: BootPlacement,
  ): Promise<MockServerEntity> {
    return this.txHost.withTransaction(async () => {
      // Nova resolves the flavor before the image, both before the key pair, and those
      // before the networks.
      const flavor = await this.repos.flavors.findOneBy({ id: request.flavorId });
      if (!flavor) throw new CloudBadRequestError(`Flavor ${request.flavorId} could not be found.`);
      const image = await this.repos.images.findOneBy({ id: request.imageId });
      if (!image || !isVisible(image, scope)) {
        throw new CloudBadRequestError(`Image ${request.imageId} could not be found.`);
      }
      if (request.keyName !== undefined && !(await this.keypair(scope, request.keyName))) {
        throw new CloudBadRequestError('Invalid key_name provided.');
      }
      checkBootable(flavor, image);
      const plan = await this.neutron.plan(scope, request.networks);
      const server = newServerRow(scope, randomUUID(), request, this.clock.now());
      // The scheduler picks a host before the host asks Neutron for ports.
      const unplaced = placement ? await placement.admit(server.id) : null;
      server.buildFailure =
        unplaced ?? plan.failure ?? (await this.neutron.allocate(scope, server.id, plan));
      const buildMs =
        FailureInjection.fromMetadata(request.metadata).buildMs ?? this.options.latencyMs;
      await this.tasks.begin(server, 'create', {
        durationMs: buildMs,
        requestId: scope.requestId,
      });
      return server;
    });
  }

  /** A live (not deleted) server of the scope, its due task settled first; or null. */
  async server(scope: CloudScope, id: string): Promise<MockServerEntity | null> {
    await this.tasks.settleDue(scope.projectId);
    return this.repos.servers.findOneBy({ id, projectId: scope.projectId, deleted: false });
  }

  /** The scope's servers, newest first; live ones only unless a changes-* bound is given. */
  async servers(scope: CloudScope, query: ServerRowsQuery = {}): Promise<MockServerEntity[]> {
    await this.tasks.settleDue(scope.projectId);
    const where: FindOptionsWhere<MockServerEntity> = { projectId: scope.projectId };
    const { changesSince: since, changesBefore: before } = query;
    if (since && before) where.updatedAt = Between(since, before);
    else if (since) where.updatedAt = MoreThanOrEqual(since);
    else if (before) where.updatedAt = LessThanOrEqual(before);
    else where.deleted = false;
    return this.repos.servers.find({ where, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Allowed in any state (but not on a locked server); a delete in progress makes this a no-op. */
  deleteServer(scope: CloudScope, id: string): Promise<void> {
    return this.act(scope, id, async (server) => {
      checkInstanceState('delete', server, scope);
      if (server.taskState === TaskState.Deleting) return;
      await this.tasks.killSnapshot(server);
      await this.tasks.begin(server, 'delete');
    });
  }

  /** SHUTOFF → ACTIVE. */
  startServer(scope: CloudScope, id: string): Promise<void> {
    return this.perform(scope, id, 'start');
  }

  /** ACTIVE or ERROR → SHUTOFF. */
  stopServer(scope: CloudScope, id: string): Promise<void> {
    return this.perform(scope, id, 'stop');
  }

  /** Ends ACTIVE; meanwhile REBOOT or HARD_REBOOT (SHUTOFF stays SHUTOFF until it ends). */
  rebootServer(scope: CloudScope, id: string, type: RebootType): Promise<void> {
    return this.perform(scope, id, type === 'HARD' ? 'rebootHard' : 'rebootSoft');
  }

  /**
   * A simple state change (pause, unpause, suspend, resume, unrescue, shelve, …). A shelve
   * uploads the server to a `<name>-shelved` snapshot image, which its unshelve deletes.
   */
  changeServerState(scope: CloudScope, id: string, action: SimpleServerAction): Promise<void> {
    if (action !== 'shelve') return this.perform(scope, id, action);
    return this.act(scope, id, async (server) => {
      checkInstanceState('shelve', server, scope);
      const image = await this.newSnapshot(server, `${server.name}-shelved`, {});
      server.shelvedImageId = image.id;
      await this.tasks.begin(server, 'shelve', { taskRef: image.id, requestId: scope.requestId });
    });
  }

  /** Nova's `changePassword`: an ACTIVE, unlocked server takes a new admin password. */
  changeServerPassword(scope: CloudScope, id: string): Promise<void> {
    return this.perform(scope, id, 'changePassword');
  }

  /** Nova's `restore` of a soft-deleted server: soft delete is off, so always Nova's 409. */
  restoreServer(scope: CloudScope, id: string): Promise<void> {
    return this.perform(scope, id, 'restore');
  }

  /**
   * Nova's `createBackup`: a snapshot with `image_type` `backup` and its `backup_type`.
   * Of the server's earlier backups of that type only the newest `rotation - 1` stay, so
   * that with this one there are at most `rotation` (Nova rotates once the upload ends;
   * the simulator when it accepts the backup). Returns the new image's id.
   */
  createServerBackup(
    scope: CloudScope,
    id: string,
    backup: { name: string; type: string; rotation: number; metadata?: Record<string, string> },
  ): Promise<string> {
    return this.act(scope, id, async (server) => {
      checkInstanceState('createBackup', server, scope);
      const earlier = (
        await this.imageRows(scope, {}).andWhere('image.sourceServerId = :id', { id }).getMany()
      ).filter(
        (image) =>
          image.properties.image_type === 'backup' && image.properties.backup_type === backup.type,
      );
      const stale = earlier.slice(Math.max(0, backup.rotation - 1));
      if (stale.length > 0) await this.repos.images.delete(stale.map((image) => image.id));
      const image = await this.newSnapshot(
        server,
        backup.name,
        { ...backup.metadata, backup_type: backup.type },
        'backup',
      );
      await this.tasks.begin(server, 'createBackup', {
        taskRef: image.id,
        requestId: scope.requestId,
      });
      return image.id;
    });
  }

  /**
   * ACTIVE/SHUTOFF → RESIZE → VERIFY_RESIZE on the new flavor; confirm or revert next. A
   * disk config given is the server's from then on.
   */
  resizeServer(
    scope: CloudScope,
    id: string,
    flavorId: string,
    diskConfig?: DiskConfig,
  ): Promise<void> {
    return this.act(scope, id, async (server) => {
      checkInstanceState('resize', server, scope);
      const flavor = await this.repos.flavors.findOneBy({ id: flavorId });
      if (!flavor) throw new CloudBadRequestError(`Flavor ${flavorId} could not be found.`);
      if (flavor.id === server.flavorId) {
        throw new CloudBadRequestError('When resizing, instances must change flavor!');
      }
      const image = await this.repos.images.findOneBy({ id: server.imageId });
      if (image && flavor.diskGb > 0 && flavor.diskGb < image.minDiskGb) {
        throw new CloudBadRequestError("Flavor's disk is too small for requested image.");
      }
      server.priorFlavorId = server.flavorId;
      server.priorVmState = server.vmState;
      if (diskConfig !== undefined) server.diskConfig = diskConfig;
      await this.tasks.begin(server, 'resize', { taskRef: flavor.id });
    });
  }

  /**
   * ACTIVE/SHUTOFF/ERROR → REBUILD → as it was (ERROR → ACTIVE) on the new image. Returns
   * the server as the rebuild was accepted (REBUILD, task_state `rebuilding`), as Nova
   * answers it.
   */
  rebuildServer(scope: CloudScope, id: string, request: RebuildRequest): Promise<MockServerEntity> {
    return this.act(scope, id, async (server) => {
      checkInstanceState('rebuild', server, scope);
      const flavor = await this.repos.flavors.findOneBy({ id: server.flavorId });
      const image = await this.repos.images.findOneBy({ id: request.imageId });
      if (!image || !isVisible(image, scope)) {
        throw new CloudBadRequestError(`Image ${request.imageId} could not be found.`);
      }
      if (flavor) checkBootable(flavor, image);
      // Nova's API sets the image, name and metadata when it accepts the rebuild: the
      // answer and every read during it show them (seen on Nova Zed).
      server.imageId = image.id;
      if (request.name !== undefined) server.name = request.name;
      if (request.metadata !== undefined) server.metadata = { ...request.metadata };
      if (request.accessIpv4 !== undefined) server.accessIpv4 = request.accessIpv4;
      if (request.accessIpv6 !== undefined) server.accessIpv6 = compressIpv6(request.accessIpv6);
      if (request.userData !== undefined) server.userData = request.userData;
      // Nova takes the disk config of a rebuild from the request, else from the image (whose
      // `auto_disk_config` the simulator does not keep): MANUAL, as on Nova Zed.
      server.diskConfig = request.diskConfig ?? 'MANUAL';
      return this.tasks.begin(server, 'rebuild', { taskRef: image.id });
    });
  }

  /** ACTIVE/SHUTOFF/ERROR → RESCUE, booted from `imageId` (default: its own image). */
  rescueServer(scope: CloudScope, id: string, imageId?: string): Promise<void> {
    return this.act(scope, id, async (server) => {
      checkInstanceState('rescue', server, scope);
      if (imageId !== undefined) {
        const image = await this.repos.images.findOneBy({ id: imageId });
        if (!image || !isVisible(image, scope)) {
          throw new CloudBadRequestError(`Image ${imageId} could not be found.`);
        }
      }
      await this.tasks.begin(server, 'rescue', { taskRef: imageId ?? null });
    });
  }

  /** Locks the server: a non-admin can no longer act on it. Allowed in any state. */
  lockServer(scope: CloudScope, id: string, reason?: string): Promise<void> {
    return this.act(scope, id, async (server) => {
      server.lockedBy = scope.admin ? 'admin' : 'owner';
      server.lockedReason = reason ?? null;
      await this.tasks.begin(server, 'lock');
    });
  }

  unlockServer(scope: CloudScope, id: string): Promise<void> {
    return this.act(scope, id, async (server) => {
      server.lockedBy = null;
      server.lockedReason = null;
      await this.tasks.begin(server, 'unlock');
    });
  }

  /**
   * The server's console log, its last `lines` lines (all without), tailed as Nova does.
   * A server with no host (building, or shelved and offloaded) is not ready, as in Nova.
   */
  async consoleOutput(scope: CloudScope, id: string, lines?: number): Promise<string> {
    const server = await this.server(scope, id);
    if (!server) throw new CloudNotFoundError(`Instance ${id} could not be found.`);
    if (server.vmState === VmState.Building || server.vmState === VmState.ShelvedOffloaded) {
      throw new CloudConflictError(`Instance ${id} is not ready`);
    }
    // Nova's tail: 0 lines is nothing (not all); -1, which its API passes through, drops
    // the first line.
    const log = consoleLog(server);
    if (lines === 0) return '';
    return lines === undefined ? log.join('\n') : log.slice(-lines).join('\n');
  }

  /** A private snapshot image of the scope's project: `queued`, then `active`. Returns its id. */
  createServerImage(
    scope: CloudScope,
    id: string,
    name: string,
    metadata: Record<string, string> = {},
  ): Promise<string> {
    return this.act(scope, id, async (server) => {
      checkInstanceState('createImage', server, scope);
      const image = await this.newSnapshot(server, name, metadata);
      await this.tasks.begin(server, 'createImage', {
        taskRef: image.id,
        requestId: scope.requestId,
      });
      return image.id;
    });
  }

  /** Inserts the `queued` snapshot image of a server (its upload is the server's task). */
  private async newSnapshot(
    server: MockServerEntity,
    name: string,
    metadata: Record<string, string>,
    imageType = 'snapshot',
  ): Promise<MockImageEntity> {
    const now = this.clock.now();
    const image = newSnapshotImageRow({
      id: randomUUID(),
      name,
      metadata,
      imageType,
      server,
      base: await this.repos.images.findOneBy({ id: server.imageId }),
      flavor: await this.repos.flavors.findOneBy({ id: server.flavorId }),
      now,
      readyAt: new Date(now.getTime() + this.options.latencyMs),
    });
    await this.repos.images.insert(image);
    return image;
  }

  /** Nova's instance actions of a server of the scope (deleted ones too), newest first; null if unknown. */
  async instanceActions(
    scope: CloudScope,
    serverId: string,
  ): Promise<{ server: MockServerEntity; actions: MockInstanceActionEntity[] } | null> {
    await this.tasks.settleDue(scope.projectId);
    const server = await this.repos.servers.findOneBy({ id: serverId, projectId: scope.projectId });
    if (!server) return null;
    const actions = await this.repos.actions.find({
      where: { serverId, projectId: scope.projectId },
      order: { startTime: 'DESC', id: 'DESC' },
    });
    return { server, actions };
  }

  /**
   * Every image the scope sees (public, community, shared, and its own), newest first.
   * For the Glance façade, which filters and sorts on any field; the port pages with
   * `imagePage`.
   */
  async images(scope: CloudScope, query: ImageRowsQuery = {}): Promise<MockImageEntity[]> {
    await this.tasks.settleDue(scope.projectId);
    await this.glance.settleImports();
    return this.imageRows(scope, query).getMany();
  }

  /**
   * One page of `images`: at most `limit` rows strictly after `after` in (createdAt,
   * id) descending order. One read along the (createdAt, id) index that stops at
   * `limit + 1` rows (rows the scope does not see or the filters drop are stepped over,
   * not loaded); a position whose image is gone still marks where to continue.
   */
  async imagePage(
    scope: CloudScope,
    query: ImageRowsQuery,
    page: PageRequest,
  ): Promise<ImageRowsPage> {
    await this.tasks.settleDue(scope.projectId);
    await this.glance.settleImports();
    const qb = this.imageRows(scope, query);
    if (page.after) {
      // A row-value comparison, as `keysetPage` does: both databases seek the index with it.
      qb.andWhere('(image.createdAt, image.id) < (:afterCreatedAt, :afterId)', {
        afterCreatedAt: page.after.createdAt.toISOString(),
        afterId: page.after.id,
      });
    }
    const rows = await qb.limit(page.limit + 1).getMany();
    return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
  }

  /** An image the scope sees, or null. */
  async image(scope: CloudScope, id: string): Promise<MockImageEntity | null> {
    await this.tasks.settleDue(scope.projectId);
    await this.glance.settleImports();
    const row = await this.repos.images.findOneBy({ id });
    return row && isVisible(row, scope) ? row : null;
  }

  /**
   * Deletes an image as Glance does for Nova's image API: `not_found` when the scope does
   * not see it, `forbidden` when it sees but does not own it (an admin may delete any).
   * A snapshot still uploading goes too; its server's task then ends without it.
   */
  deleteImage(scope: CloudScope, id: string): Promise<ImageWriteOutcome> {
    return this.txHost.withTransaction(async () => {
      const row = await this.image(scope, id);
      if (!row) return 'not_found';
      // Glance's own delete: a protected image is refused; data and tasks go with it.
      if (!canModify(row, scope) || row.isProtected) return 'forbidden';
      await this.glance.delete(scope, id);
      return 'done';
    });
  }

  /**
   * Sets an image's properties as Nova's image metadata API does through Glance: merged
   * into the image's, or replacing them (`replace`). `not_found` or `forbidden` as for
   * `deleteImage`; otherwise the properties now.
   */
  updateImageProperties(
    scope: CloudScope,
    id: string,
    properties: Record<string, string>,
    replace: boolean,
  ): Promise<ImageWriteOutcome | Record<string, string>> {
    return this.txHost.withTransaction(async () => {
      const row = await this.image(scope, id);
      if (!row) return 'not_found';
      if (!canModify(row, scope)) return 'forbidden';
      row.properties = replace ? { ...properties } : { ...row.properties, ...properties };
      row.updatedAt = this.clock.now();
      await this.repos.images.save(row);
      return { ...row.properties };
    });
  }

  /** Removes one property of an image (see `updateImageProperties`); `missing` when it has none. */
  deleteImageProperty(
    scope: CloudScope,
    id: string,
    key: string,
  ): Promise<ImageWriteOutcome | 'missing'> {
    return this.txHost.withTransaction(async () => {
      const row = await this.image(scope, id);
      if (!row) return 'not_found';
      if (!Object.hasOwn(row.properties, key)) return 'missing';
      if (!canModify(row, scope)) return 'forbidden';
      const rest = { ...row.properties };
      delete rest[key];
      row.properties = rest;
      row.updatedAt = this.clock.now();
      await this.repos.images.save(row);
      return 'done';
    });
  }

  /** Flavors by id: public ones, or every one (a server keeps pointing at its flavor). */
  flavors(includePrivate = false): Promise<MockFlavorEntity[]> {
    const where = includePrivate ? {} : { isPublic: true };
    return this.repos.flavors.find({ where, order: { id: 'ASC' } });
  }

  /** Any flavor by id (a server keeps pointing at its flavor), or null. */
  flavor(id: string): Promise<MockFlavorEntity | null> {
    return this.repos.flavors.findOneBy({ id });
  }

  /**
   * Imports a key pair into the scope's project, as Nova's API does: the name follows
   * Nova's rules (those of microversion 2.92, the wider set), the key must be readable
   * (400 "Keypair data is invalid"), and a name is used once per project (409).
   */
  createKeypair(scope: CloudScope, request: KeypairImport): Promise<MockKeypairEntity> {
    const type = request.type ?? 'ssh';
    checkKeypairName(request.name);
    const fingerprint = keypairFingerprint(type, request.publicKey);
    return this.txHost.withTransaction(async () => {
      const exists = () => new CloudConflictError(`Key pair '${request.name}' already exists.`);
      if (await this.keypair(scope, request.name)) throw exists();
      const row = Object.assign(new MockKeypairEntity(), {
        projectId: scope.projectId,
        name: request.name,
        type,
        publicKey: request.publicKey,
        fingerprint,
        createdAt: this.clock.now(),
      });
      try {
        await this.repos.keypairs.insert(row);
      } catch (error) {
        // Two imports of one name at once: the unique index lets one through.
        if (isUniqueViolation(error)) throw exists();
        throw error;
      }
      return row;
    });
  }

  /**
   * A new key pair as Nova generated them below microversion 2.92: nothing is stored;
   * import its public key with `createKeypair`. Done outside any transaction, since it
   * takes a while. `ssh`: RSA 2048, the private key in PKCS#1 PEM. `x509`: Nova's WinRM
   * certificate for `userId` (the caller's Keystone user), whose public key is the PEM
   * certificate and whose private key is base64 of a PKCS#12 with an empty password.
   */
  async generateKeypair(
    type: CloudKeypairType,
    userId: string,
  ): Promise<{ publicKey: string; privateKey: string }> {
    if (type === 'ssh') return generateNovaKeypair();
    const generated = await generateNovaX509Keypair(userId, this.clock.now());
    return { publicKey: generated.certificate, privateKey: generated.privateKey };
  }

  /** The scope's key pairs, by name (Nova's order). */
  keypairs(scope: CloudScope): Promise<MockKeypairEntity[]> {
    return this.repos.keypairs.find({
      where: { projectId: scope.projectId },
      order: { name: 'ASC' },
    });
  }

  /** A key pair of the scope, or null. */
  keypair(scope: CloudScope, name: string): Promise<MockKeypairEntity | null> {
    return this.repos.keypairs.findOneBy({ projectId: scope.projectId, name });
  }

  /** Deletes a key pair of the scope; false when there is none. Servers keep their key name. */
  async deleteKeypair(scope: CloudScope, name: string): Promise<boolean> {
    const result = await this.repos.keypairs.delete({ projectId: scope.projectId, name });
    return (result.affected ?? 0) > 0;
  }

  /** Networks the scope sees (shared ones and its own; every one for an admin), oldest first. */
  networks(scope: CloudScope): Promise<MockNetworkEntity[]> {
    return this.neutron.visibleNetworks(scope);
  }

  /** A network the scope sees, or null. */
  async network(scope: CloudScope, id: string): Promise<MockNetworkEntity | null> {
    const [network] = await this.neutron.visibleNetworks(scope, [id]);
    return network ?? null;
  }

  /** Subnets of the networks the scope sees: by network, IPv4 first, then IPv6. */
  async subnets(scope: CloudScope): Promise<MockSubnetEntity[]> {
    const networks = await this.neutron.visibleNetworks(scope);
    return this.neutron.subnetsOf(networks.map((n) => n.id));
  }

  /**
   * Ports the scope sees (its project's; every one for an admin), oldest first, each
   * with its fixed IPs (IPv4 first).
   */
  async ports(scope: CloudScope): Promise<PortRow[]> {
    await this.tasks.settleDue(scope.projectId);
    const ports = await this.repos.ports.find({
      where: scope.admin ? {} : { projectId: scope.projectId },
      order: { id: 'ASC' },
    });
    const fixedIps = await this.neutron.fixedIpsOf(ports.map((p) => p.id));
    return ports.map((port) => ({ port, fixedIps: fixedIps.get(port.id) ?? [] }));
  }

  /** A subnet of a network the scope sees, or null. */
  async subnet(scope: CloudScope, id: string): Promise<MockSubnetEntity | null> {
    const subnet = await this.repos.subnets.findOneBy({ id });
    return subnet && (await this.network(scope, subnet.networkId)) ? subnet : null;
  }

  /** A port the scope sees, with its fixed IPs, or null. */
  async port(scope: CloudScope, id: string): Promise<PortRow | null> {
    await this.tasks.settleDue(scope.projectId);
    const port = await this.repos.ports.findOneBy(
      scope.admin ? { id } : { id, projectId: scope.projectId },
    );
    if (!port) return null;
    const fixedIps = await this.neutron.fixedIpsOf([port.id]);
    return { port, fixedIps: fixedIps.get(port.id) ?? [] };
  }

  /**
   * The addresses of each server (by id; none for a server without ports), in the order
   * its ports were made.
   */
  serverAddresses(servers: readonly MockServerEntity[]): Promise<Map<string, PortAddress[]>> {
    return this.neutron.addresses(servers.map((server) => server.id));
  }

  /** A trivial query through the ambient transaction's manager. */
  async ping(): Promise<void> {
    await this.txHost.tx.query('SELECT 1');
  }

  /**
   * The project of a server by id (deleted ones too), or null when the cloud never had
   * it: what Nova's instance mapping tells its tags API before any project check.
   */
  async serverProject(id: string): Promise<{ projectId: string; deleted: boolean } | null> {
    const row = await this.repos.servers.findOne({
      where: { id },
      select: { projectId: true, deleted: true },
    });
    return row ? { projectId: row.projectId, deleted: row.deleted } : null;
  }

  /**
   * Nova's `PUT /servers/{id}`: a new name, access addresses, disk config and (2.19)
   * description, in any state and on a locked server too, as Nova checks neither. Returns the server and its `updatedAt`
   * from before the change, which is what Nova's answer still shows.
   */
  updateServer(
    scope: CloudScope,
    id: string,
    changes: ServerUpdate,
  ): Promise<{ server: MockServerEntity; updatedBefore: Date }> {
    return this.act(scope, id, async (server) => {
      const updatedBefore = server.updatedAt;
      if (Object.values(changes).every((value) => value === undefined)) {
        return { server, updatedBefore };
      }
      if (changes.name !== undefined) server.name = changes.name;
      if (changes.description !== undefined) server.description = changes.description;
      if (changes.accessIpv4 !== undefined) server.accessIpv4 = changes.accessIpv4;
      if (changes.accessIpv6 !== undefined) server.accessIpv6 = compressIpv6(changes.accessIpv6);
      if (changes.diskConfig !== undefined) server.diskConfig = changes.diskConfig;
      server.updatedAt = this.clock.now();
      await this.repos.servers.save(server);
      return { server, updatedBefore };
    });
  }

  /** The metadata of a live server of the scope. */
  async serverMetadata(scope: CloudScope, id: string): Promise<Record<string, string>> {
    const server = await this.server(scope, id);
    if (!server) throw new CloudNotFoundError(`Instance ${id} could not be found.`);
    return { ...server.metadata };
  }

  /**
   * Nova's `update_instance_metadata`: merges `metadata` into the server's (or replaces
   * it), on an unlocked server (admins excepted) in ACTIVE, SHUTOFF, PAUSED or SUSPENDED
   * with no task, within the 128-item quota (403). Returns the metadata now.
   */
  async updateServerMetadata(
    scope: CloudScope,
    id: string,
    metadata: Record<string, string>,
    replace: boolean,
  ): Promise<Record<string, string>> {
    checkMetadata(metadata);
    return this.act(scope, id, async (server) => {
      checkInstanceState(EDIT_RULES.updateMetadata, server, scope);
      const next = replace ? { ...metadata } : { ...server.metadata, ...metadata };
      if (Object.keys(next).length > MAX_METADATA_ITEMS) {
        throw new CloudQuotaExceededError(
          `Maximum number of metadata items exceeds ${MAX_METADATA_ITEMS}`,
        );
      }
      server.metadata = next;
      server.updatedAt = this.clock.now();
      await this.repos.servers.save(server);
      return { ...next };
    });
  }

  /**
   * Nova's `DELETE /servers/{id}/metadata/{key}`: a missing key is 404 before the lock
   * and state checks. Nova's `updated` time does not move for it.
   */
  deleteServerMetadataItem(scope: CloudScope, id: string, key: string): Promise<void> {
    return this.act(scope, id, async (server) => {
      if (!Object.hasOwn(server.metadata, key)) {
        throw new CloudNotFoundError('Metadata item was not found');
      }
      checkInstanceState(EDIT_RULES.deleteMetadata, server, scope);
      const rest = { ...server.metadata };
      delete rest[key];
      server.metadata = rest;
      await this.repos.servers.save(server);
    });
  }

  /** The tags of a live server of the scope, in Nova's order. */
  async serverTags(scope: CloudScope, id: string): Promise<string[]> {
    const server = await this.server(scope, id);
    if (!server) throw new CloudNotFoundError(`Instance ${id} could not be found.`);
    return this.tagsOf(id);
  }

  /** The tags of the scope's live servers, by server id (servers without tags left out). */
  async tagsByServer(scope: CloudScope): Promise<Map<string, string[]>> {
    const rows = await this.repos.tags
      .createQueryBuilder('t')
      .innerJoin(MockServerEntity, 's', 's.id = t.serverId')
      .where('s.projectId = :projectId', { projectId: scope.projectId })
      .andWhere('s.deleted = :deleted', { deleted: false })
      .getMany();
    const byServer = new Map<string, string[]>();
    for (const row of rows)
      byServer.set(row.serverId, [...(byServer.get(row.serverId) ?? []), row.tag]);
    for (const [serverId, tags] of byServer) byServer.set(serverId, sortedTags(tags));
    return byServer;
  }

  /**
   * Nova's `PUT /servers/{id}/tags`: replaces every tag (duplicates count once). The
   * list is checked first (400), then the state: ACTIVE, SHUTOFF, PAUSED or SUSPENDED,
   * during a task and on a locked server too (409 otherwise). Returns the tags now.
   */
  async setServerTags(scope: CloudScope, id: string, tags: string[]): Promise<string[]> {
    checkTagList(tags);
    return this.act(scope, id, async (server) => {
      checkInstanceState(EDIT_RULES.updateTags, server, scope);
      const wanted = sortedTags(tags);
      await this.repos.tags.delete({ serverId: server.id });
      if (wanted.length > 0) {
        await this.repos.tags.insert(wanted.map((tag) => ({ serverId: server.id, tag })));
      }
      return wanted;
    });
  }

  /**
   * Nova's `PUT /servers/{id}/tags/{tag}`: the state (409), then the tag (400), then the
   * limit of 50 — also for a tag the server already has — then true when it was added,
   * false when the server had it.
   */
  addServerTag(scope: CloudScope, id: string, tag: string): Promise<boolean> {
    return this.act(scope, id, async (server) => {
      checkInstanceState(EDIT_RULES.updateTag, server, scope);
      checkTag(tag);
      const tags = await this.tagsOf(server.id);
      if (tags.length >= MAX_SERVER_TAGS) throw tooManyTags();
      if (tags.includes(tag)) return false;
      await this.repos.tags.insert({ serverId: server.id, tag });
      return true;
    });
  }

  /** Nova's `DELETE /servers/{id}/tags/{tag}`: the state (409), then 404 for a missing tag. */
  removeServerTag(scope: CloudScope, id: string, tag: string): Promise<void> {
    return this.act(scope, id, async (server) => {
      checkInstanceState(EDIT_RULES.deleteTag, server, scope);
      const result = await this.repos.tags.delete({ serverId: server.id, tag });
      if (!result.affected) throw new CloudNotFoundError(`Instance ${id} has no tag '${tag}'`);
    });
  }

  /** Nova's `DELETE /servers/{id}/tags`: every tag, in the states tags may change in. */
  removeServerTags(scope: CloudScope, id: string): Promise<void> {
    return this.act(scope, id, async (server) => {
      checkInstanceState(EDIT_RULES.deleteTags, server, scope);
      await this.repos.tags.delete({ serverId: server.id });
    });
  }

  /** The tags of a server already looked up in its scope (no scope check here). */
  async tagsOf(serverId: string): Promise<string[]> {
    const rows: MockServerTagEntity[] = await this.repos.tags.findBy({ serverId });
    return sortedTags(rows.map((row) => row.tag));
  }

  /** A Nova action that takes nothing but the server: its state check, then its task. */
  private perform(scope: CloudScope, id: string, key: NovaActionKey): Promise<void> {
    return this.act(scope, id, async (server) => {
      checkInstanceState(key, server, scope);
      await this.tasks.begin(server, key, { requestId: scope.requestId });
    });
  }

  /** The images the scope sees, filtered, newest first (`created_at`, then `id`, descending). */
  private imageRows(scope: CloudScope, query: ImageRowsQuery): SelectQueryBuilder<MockImageEntity> {
    const qb = this.repos.images.createQueryBuilder('image').where(
      // An admin sees every image, as in Glance (only the OpenStack API's tokens are admins).
      scope.admin
        ? '1 = 1'
        : new Brackets((visible) =>
            visible
              .where('image.visibility IN (:...visibleToAll)', {
                visibleToAll: [...VISIBLE_TO_ALL],
              })
              .orWhere('image.ownerProjectId = :projectId', { projectId: scope.projectId }),
          ),
    );
    if (query.name !== undefined) qb.andWhere('image.name = :name', { name: query.name });
    if (query.status !== undefined) qb.andWhere('image.status = :status', { status: query.status });
    return qb.orderBy('image.createdAt', 'DESC').addOrderBy('image.id', 'DESC');
  }

  /** Runs an action on a live server of the scope, in one (possibly joined) transaction. */
  private act<T>(
    scope: CloudScope,
    id: string,
    action: (server: MockServerEntity) => Promise<T>,
  ): Promise<T> {
    return this.txHost.withTransaction(async () => {
      const server = await this.server(scope, id);
      if (!server) throw new CloudNotFoundError(`Instance ${id} could not be found.`);
      return action(server);
    });
  }
}

/** SQLite's and PostgreSQL's unique-constraint failures. */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string } | undefined;
  return driver?.code === '23505' || driver?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
