import type { OnApplicationShutdown } from '@nestjs/common';
import type { Clock } from '../../common/clock/clock';
import type { OpenStackConnectionConfig } from '../../config/openstack-connection-config';
import {
  CloudBadRequestError,
  CloudNotFoundError,
  CloudUnavailableError,
  CloudUnsupportedError,
} from '../cloud-errors';
import type {
  CloudFlavor,
  CloudImage,
  CloudKeypair,
  CloudKeypairSummary,
  CloudNetwork,
  CloudPage,
  CloudScope,
  CloudServer,
  CreateImageRequest,
  CreateKeypairRequest,
  CreateServerRequest,
  ListImagesQuery,
  ListServersQuery,
  PageRequest,
  RebootType,
  RebuildRequest,
  SimpleServerAction,
  UpdateServerRequest,
} from '../cloud-records';
import { OpenStackClient } from '../openstack-client';
import { FlavorCache } from './flavor-cache';
import { GlanceApi } from './glance-api';
import { type GlanceImage, toCloudImage } from './glance-records';
import type { OpenStackHttpObserver } from './http-exchange';
import { HttpTransport } from './http-transport';
import { readImagePage } from './image-pages';
import { novaKeypairName, scopeKeypairName } from './keypair-names';
import { KeystoneSession } from './keystone-session';
import { Microversion } from './microversion';
import { NeutronApi } from './neutron-api';
import { toCloudNetworks } from './neutron-records';
import { NovaApi, SERVER_TAGS } from './nova-api';
import { networkErrorOfCreate } from './nova-create-errors';
import { novaServerBody } from './nova-server-body';
import {
  type NovaServer,
  toCloudFlavor,
  toCloudKeypair,
  toCloudKeypairSummary,
  toCloudServer,
} from './nova-records';
import { Redactor } from './redactor';
import { DEFAULT_RESILIENCE, ResilientHttp, type ResilienceOptions } from './resilient-http';
import { PROJECT_TAG, tagged, untagged, visibleTo } from './scope-tag';

/** Test seams; production uses the defaults. */
export interface RealClientOverrides {
  resilience?: Partial<ResilienceOptions>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const PUBLICLY_VISIBLE = new Set(['public', 'community']);
/** `lock` takes a `locked_reason` from 2.73. */
const LOCK_REASON = Microversion.of(2, 73);
/** Key pairs have a `type` from 2.2. */
const KEYPAIR_TYPE = Microversion.of(2, 2);
/** Nova's longest key pair name. */
const NOVA_NAME_MAX = 255;

/**
 * The production `OpenStackClient`: Keystone v3, Nova v2.1, Glance v2 and Neutron v2.0
 * over HTTP.
 *
 * It acts with its one configured credential for every service project. `CloudScope`
 * is recorded on what it creates (`vm-lifecycle:project` in server metadata and
 * snapshot properties, a name prefix on key pairs: see `keypair-names`) and reads hide
 * what was created for another project; actions trust the service, which only acts on
 * servers of its own inventory.
 *
 * It cannot join a database transaction, so the service stages intent, call and
 * outcome around it (`joinsTransactions = false`).
 */
export class RealOpenStackClient extends OpenStackClient implements OnApplicationShutdown {
  readonly joinsTransactions = false;
  private readonly transport: HttpTransport;
  private readonly http: ResilientHttp;
  private readonly nova: NovaApi;
  private readonly glance: GlanceApi;
  private readonly neutron: NeutronApi;
  private readonly flavors: FlavorCache;

  constructor(
    private readonly config: OpenStackConnectionConfig,
    private readonly clock: Clock,
    observer: OpenStackHttpObserver,
    overrides: RealClientOverrides = {},
  ) {
    super();
    const redactor = new Redactor();
    this.transport = new HttpTransport(config, observer);
    this.http = new ResilientHttp(
      this.transport,
      {
        ...DEFAULT_RESILIENCE,
        maxRetries: config.maxRetries,
        breaker: config.breaker,
        ...overrides.resilience,
      },
      clock,
      overrides.sleep,
      overrides.random,
    );
    const session = new KeystoneSession(config, this.http, clock, redactor);
    this.nova = new NovaApi(session, this.http, redactor);
    this.glance = new GlanceApi(session, redactor);
    this.neutron = new NeutronApi(session, redactor);
    this.flavors = new FlavorCache(clock);
  }

  /**
   * Nova answers a create with the id only; the record returned is the state Nova
   * gives every new server (BUILD, scheduling), which spares a GET per create. The
   * reconciler and later reads bring the real state.
   */
  async createServer(scope: CloudScope, request: CreateServerRequest): Promise<CloudServer> {
    const version = await this.nova.writeVersion();
    const keyName =
      request.keyName === undefined ? undefined : novaKeypairName(scope, request.keyName);
    const body = novaServerBody(
      { ...request, keyName },
      tagged(scope, request.metadata),
      this.config,
      version,
    );
    const { id } = await this.nova.createServer(body).catch((error: unknown) => {
      throw networkErrorOfCreate(error);
    });
    // Nova's create answer has no state. Every new server starts in BUILD/scheduling, so
    // that is the answer: reading it back would cost Nova a request per create, and the
    // reconciler follows it from here.
    const now = this.clock.now();
    return {
      id,
      name: request.name,
      status: 'BUILD',
      taskState: 'scheduling',
      flavorId: request.flavorId,
      imageId: request.imageId,
      metadata: { ...request.metadata },
      fault: null,
      locked: false,
      keyName: request.keyName ?? null,
      accessIpv4: request.accessIpv4 ?? null,
      accessIpv6: request.accessIpv6 ?? null,
      tags: [],
      createdAt: now,
      updatedAt: now,
      launchedAt: null,
      addresses: {},
    };
  }

  async getServer(scope: CloudScope, id: string): Promise<CloudServer> {
    const server = await this.nova.getServer(id);
    if (!visibleTo(scope, server.metadata ?? {})) {
      throw new CloudNotFoundError(`Instance ${id} could not be found.`);
    }
    return this.toServer(scope, server);
  }

  async listServers(scope: CloudScope, query: ListServersQuery = {}): Promise<CloudServer[]> {
    const servers = await this.nova.listServers(query.changesSince);
    // Deleted servers lose their metadata in Nova, so they pass whatever the scope.
    return servers
      .filter((s) => visibleTo(scope, s.metadata ?? {}))
      .map((s) => this.toServer(scope, s));
  }

  async deleteServer(_scope: CloudScope, id: string): Promise<void> {
    await this.nova.deleteServer(id);
  }

  async startServer(_scope: CloudScope, id: string): Promise<void> {
    await this.nova.action(id, { 'os-start': null });
  }

  async stopServer(_scope: CloudScope, id: string): Promise<void> {
    await this.nova.action(id, { 'os-stop': null });
  }

  async rebootServer(_scope: CloudScope, id: string, type: RebootType): Promise<void> {
    await this.nova.action(id, { reboot: { type } });
  }

  async serverAction(_scope: CloudScope, id: string, action: SimpleServerAction): Promise<void> {
    await this.nova.action(id, { [action]: null });
  }

  async resizeServer(_scope: CloudScope, id: string, flavorId: string): Promise<void> {
    await this.nova.action(id, { resize: { flavorRef: flavorId } });
  }

  /** Nova replaces the metadata on a rebuild: our tags go along with the new pairs. */
  async rebuildServer(scope: CloudScope, id: string, request: RebuildRequest): Promise<void> {
    const rebuild: Record<string, unknown> = { imageRef: request.imageId };
    if (request.name !== undefined) rebuild.name = request.name;
    if (request.metadata !== undefined) rebuild.metadata = tagged(scope, request.metadata);
    if (request.accessIpv4 !== undefined) rebuild.accessIPv4 = request.accessIpv4;
    if (request.accessIpv6 !== undefined) rebuild.accessIPv6 = request.accessIpv6;
    await this.nova.action(id, { rebuild });
  }

  async rescueServer(_scope: CloudScope, id: string, imageId?: string): Promise<void> {
    await this.nova.action(id, { rescue: imageId ? { rescue_image_ref: imageId } : null });
  }

  /** A reason is sent where Nova takes one (2.73). */
  async lockServer(_scope: CloudScope, id: string, reason?: string): Promise<void> {
    const version = await this.nova.writeVersion();
    const withReason = reason !== undefined && version?.atLeast(LOCK_REASON) === true;
    await this.nova.action(id, { lock: withReason ? { locked_reason: reason } : null });
  }

  async unlockServer(_scope: CloudScope, id: string): Promise<void> {
    await this.nova.action(id, { unlock: null });
  }

  async getServerConsoleOutput(_scope: CloudScope, id: string, lines?: number): Promise<string> {
    const res = await this.nova.action(id, {
      'os-getConsoleOutput': lines === undefined ? {} : { length: lines },
    });
    const output = (res.json() as { output?: unknown } | null)?.output;
    if (typeof output !== 'string') throw new CloudUnavailableError('Nova sent no console output.');
    return output;
  }

  /** The image id is in the body from 2.45, in the `Location` header before. */
  async createServerImage(
    scope: CloudScope,
    id: string,
    name: string,
    metadata?: Record<string, string>,
  ): Promise<string> {
    const res = await this.nova.action(id, {
      createImage: { name, metadata: tagged(scope, metadata) },
    });
    const imageId =
      (res.json() as { image_id?: string } | null)?.image_id ??
      res.header('location')?.replace(/\/+$/, '').split('/').pop();
    if (!imageId) throw new CloudUnavailableError('Nova accepted a snapshot without an image id.');
    return imageId;
  }

  /**
   * One Glance request of `limit + 1` images in the common case; more (a bounded number)
   * only when images tagged for other service projects are hidden from this one. See
   * `readImagePage`.
   */
  listImages(
    scope: CloudScope,
    query: ListImagesQuery,
    page: PageRequest,
  ): Promise<CloudPage<CloudImage>> {
    return readImagePage(
      (after, limit) => this.glance.listImagesAfter(query, limit, after),
      (image) => this.imageVisible(scope, image),
      page,
    );
  }

  async getImage(scope: CloudScope, id: string): Promise<CloudImage> {
    const image = await this.glance.getImage(id);
    if (!this.imageVisible(scope, image)) {
      throw new CloudNotFoundError(`No image found with ID ${id}`);
    }
    return toCloudImage(image);
  }

  /**
   * A private (or community) image of the credential's project, recorded for the scope's
   * project (`vm-lifecycle:project`), which alone then sees it private, uploads to it and
   * deletes it.
   */
  async createImage(scope: CloudScope, request: CreateImageRequest): Promise<CloudImage> {
    const image = await this.glance.createImage({
      ...request.properties,
      name: request.name,
      disk_format: request.diskFormat,
      container_format: request.containerFormat,
      visibility: request.visibility,
      min_disk: request.minDiskGb,
      min_ram: request.minRamMb,
      tags: request.tags,
      [PROJECT_TAG]: scope.projectId,
    });
    return toCloudImage(image);
  }

  /**
   * One read to check the image is the scope's, then the data streamed to Glance in one
   * request (undici sends it as it comes). Glance puts an image whose upload broke off
   * back to `queued`; the error of `data` itself is what the caller gets.
   */
  async uploadImageData(
    scope: CloudScope,
    id: string,
    data: AsyncIterable<Uint8Array>,
  ): Promise<void> {
    await this.ownImage(scope, id);
    await this.glance.uploadData(id, data);
  }

  async deleteImage(scope: CloudScope, id: string): Promise<void> {
    await this.ownImage(scope, id);
    await this.glance.deleteImage(id);
  }

  async listFlavors(): Promise<CloudFlavor[]> {
    const flavors = (await this.nova.listFlavors()).map(toCloudFlavor);
    this.flavors.remember(flavors);
    return flavors;
  }

  getFlavor(id: string): Promise<CloudFlavor> {
    return this.flavors.get(id, async () => toCloudFlavor(await this.nova.getFlavor(id)));
  }

  /**
   * Imports the key under the scope's prefix (see `keypair-names`). Nova's answer has no
   * creation time: one read brings it (the clock's time if that read fails, as the key
   * pair exists all the same).
   */
  async createKeypair(scope: CloudScope, request: CreateKeypairRequest): Promise<CloudKeypair> {
    const name = novaKeypairName(scope, request.name);
    if (name.length > NOVA_NAME_MAX) {
      throw new CloudBadRequestError(`The key pair name is longer than Nova's ${NOVA_NAME_MAX}.`);
    }
    const version = await this.nova.writeVersion();
    const keypair: Record<string, unknown> = { name, public_key: request.publicKey };
    if (version?.atLeast(KEYPAIR_TYPE)) keypair.type = 'ssh';
    const created = await this.nova.createKeypair(keypair);
    const now = this.clock.now();
    try {
      return toCloudKeypair(await this.nova.getKeypair(name), request.name, now);
    } catch {
      return toCloudKeypair(created, request.name, now);
    }
  }

  /** The scope's key pairs: the credential's, those under the scope's prefix, unprefixed. */
  async listKeypairs(scope: CloudScope): Promise<CloudKeypairSummary[]> {
    const keypairs = await this.nova.listKeypairs();
    const own: CloudKeypairSummary[] = [];
    for (const keypair of keypairs) {
      const name = scopeKeypairName(scope, keypair.name);
      if (name !== null) own.push(toCloudKeypairSummary(keypair, name));
    }
    return own.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async getKeypair(scope: CloudScope, name: string): Promise<CloudKeypair> {
    const keypair = await this.nova.getKeypair(novaKeypairName(scope, name));
    return toCloudKeypair(keypair, name, this.clock.now());
  }

  async deleteKeypair(scope: CloudScope, name: string): Promise<void> {
    await this.nova.deleteKeypair(novaKeypairName(scope, name));
  }

  /** Two Neutron requests (networks, then subnets), each read to its last page. */
  async listNetworks(_scope: CloudScope): Promise<CloudNetwork[]> {
    const [networks, subnets] = await Promise.all([
      this.neutron.listNetworks(),
      this.neutron.listSubnets(),
    ]);
    return toCloudNetworks(networks, subnets);
  }

  async ping(): Promise<void> {
    await this.nova.ping();
  }

  async updateServer(_scope: CloudScope, id: string, request: UpdateServerRequest): Promise<void> {
    const changes: Record<string, unknown> = {};
    if (request.name !== undefined) changes.name = request.name;
    if (request.accessIpv4 !== undefined) changes.accessIPv4 = request.accessIpv4;
    if (request.accessIpv6 !== undefined) changes.accessIPv6 = request.accessIpv6;
    await this.nova.updateServer(id, changes);
  }

  /** Nova replaces the whole map: the project tag goes along with the new pairs. */
  async replaceServerMetadata(
    scope: CloudScope,
    id: string,
    metadata: Record<string, string>,
  ): Promise<Record<string, string>> {
    return untagged(await this.nova.replaceMetadata(id, tagged(scope, metadata)));
  }

  async setServerTags(_scope: CloudScope, id: string, tags: string[]): Promise<string[]> {
    await this.requireTags();
    return this.nova.replaceTags(id, tags);
  }

  async addServerTag(_scope: CloudScope, id: string, tag: string): Promise<boolean> {
    await this.requireTags();
    return this.nova.addTag(id, tag);
  }

  async removeServerTag(_scope: CloudScope, id: string, tag: string): Promise<void> {
    await this.requireTags();
    await this.nova.removeTag(id, tag);
  }

  /** The state of each service's circuit breaker. */
  circuit(service: 'identity' | 'compute' | 'image' | 'network') {
    return this.http.circuit(service);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }

  /** Tags need microversion 2.26: a cloud that does not speak it is told so plainly. */
  private async requireTags(): Promise<void> {
    const version = await this.nova.writeVersion();
    if (version?.atLeast(SERVER_TAGS)) return;
    throw new CloudUnsupportedError(
      `The cloud's compute API does not support server tags: they need microversion ` +
        `${SERVER_TAGS.toString()}, and it speaks ${version?.toString() ?? 'no microversions (2.1)'}.`,
    );
  }

  /** A server record, its key pair under the scope's own name. */
  private toServer(scope: CloudScope, server: NovaServer): CloudServer {
    const record = toCloudServer(server, (name) => this.flavors.idOf(name));
    if (record.keyName !== null) {
      record.keyName = scopeKeypairName(scope, record.keyName) ?? record.keyName;
    }
    return record;
  }

  /** An image made for the scope's project (by its tag), else not found. */
  private async ownImage(scope: CloudScope, id: string): Promise<GlanceImage> {
    const image = await this.glance.getImage(id);
    if (image[PROJECT_TAG] !== scope.projectId) {
      throw new CloudNotFoundError(`No image found with ID ${id}`);
    }
    return image;
  }

  private imageVisible(scope: CloudScope, image: GlanceImage): boolean {
    return PUBLICLY_VISIBLE.has(String(image.visibility)) || visibleTo(scope, image);
  }
}
