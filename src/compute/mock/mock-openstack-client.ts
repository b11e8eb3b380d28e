import { CloudForbiddenError, CloudNotFoundError } from '../cloud-errors';
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
import type { MockServerEntity, SimulatedCloud } from '../../simulator';
import {
  toCloudFlavor,
  toCloudImage,
  toCloudKeypair,
  toCloudKeypairSummary,
  toCloudNetwork,
  toCloudServer,
} from './mock-records';

/**
 * The port bound to the simulated cloud (`SimulatedCloud`, in our own database): a thin
 * adapter that turns the simulator's rows into cloud records. The simulator carries
 * Nova's rules, task states, faults and failure injection; see its documentation.
 */
export class MockOpenStackClient extends OpenStackClient {
  /** The simulated cloud lives in our database, so its writes join our transactions. */
  readonly joinsTransactions = true;

  constructor(private readonly cloud: SimulatedCloud) {
    super();
  }

  /** Without `networks`, the server goes onto the one network the project may use (`auto`). */
  async createServer(scope: CloudScope, request: CreateServerRequest): Promise<CloudServer> {
    const row = await this.cloud.createServer(scope, request);
    const [server] = await this.withCloudDetails(scope, [row]);
    return server;
  }

  async getServer(scope: CloudScope, id: string): Promise<CloudServer> {
    const row = await this.cloud.server(scope, id);
    if (!row) throw new CloudNotFoundError(`Instance ${id} could not be found.`);
    const [server] = await this.withCloudDetails(scope, [row]);
    return server;
  }

  /** Newest first. Without `changesSince` deleted servers are left out, as in Nova. */
  async listServers(scope: CloudScope, query: ListServersQuery = {}): Promise<CloudServer[]> {
    const rows = await this.cloud.servers(scope, { changesSince: query.changesSince });
    return this.withCloudDetails(scope, rows);
  }

  deleteServer(scope: CloudScope, id: string): Promise<void> {
    return this.cloud.deleteServer(scope, id);
  }

  startServer(scope: CloudScope, id: string): Promise<void> {
    return this.cloud.startServer(scope, id);
  }

  stopServer(scope: CloudScope, id: string): Promise<void> {
    return this.cloud.stopServer(scope, id);
  }

  rebootServer(scope: CloudScope, id: string, type: RebootType): Promise<void> {
    return this.cloud.rebootServer(scope, id, type);
  }

  serverAction(scope: CloudScope, id: string, action: SimpleServerAction): Promise<void> {
    return this.cloud.changeServerState(scope, id, action);
  }

  resizeServer(scope: CloudScope, id: string, flavorId: string): Promise<void> {
    return this.cloud.resizeServer(scope, id, flavorId);
  }

  async rebuildServer(scope: CloudScope, id: string, request: RebuildRequest): Promise<void> {
    await this.cloud.rebuildServer(scope, id, request);
  }

  rescueServer(scope: CloudScope, id: string, imageId?: string): Promise<void> {
    return this.cloud.rescueServer(scope, id, imageId);
  }

  lockServer(scope: CloudScope, id: string, reason?: string): Promise<void> {
    return this.cloud.lockServer(scope, id, reason);
  }

  unlockServer(scope: CloudScope, id: string): Promise<void> {
    return this.cloud.unlockServer(scope, id);
  }

  getServerConsoleOutput(scope: CloudScope, id: string, lines?: number): Promise<string> {
    return this.cloud.consoleOutput(scope, id, lines);
  }

  createServerImage(
    scope: CloudScope,
    id: string,
    name: string,
    metadata?: Record<string, string>,
  ): Promise<string> {
    return this.cloud.createServerImage(scope, id, name, metadata);
  }

  /** Public images and the scope's own, a page at a time from one SQL range read. */
  async listImages(
    scope: CloudScope,
    query: ListImagesQuery,
    page: PageRequest,
  ): Promise<CloudPage<CloudImage>> {
    const { rows, more } = await this.cloud.imagePage(scope, query, page);
    const items = rows.map(toCloudImage);
    const last = items[items.length - 1];
    return { items, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
  }

  async getImage(scope: CloudScope, id: string): Promise<CloudImage> {
    const row = await this.cloud.image(scope, id);
    if (!row) throw new CloudNotFoundError(`No image found with ID ${id}`);
    return toCloudImage(row);
  }

  /** A private or community image of the scope's project, queued. */
  async createImage(scope: CloudScope, request: CreateImageRequest): Promise<CloudImage> {
    const row = await this.cloud.glance.create(scope, {
      name: request.name,
      diskFormat: request.diskFormat,
      containerFormat: request.containerFormat,
      visibility: request.visibility,
      isProtected: false,
      osHidden: false,
      minDiskGb: request.minDiskGb,
      minRamMb: request.minRamMb,
      tags: request.tags,
      properties: request.properties,
    });
    return toCloudImage(row);
  }

  /**
   * Streams into the simulator chunk by chunk, each chunk its own short unit of work:
   * call it outside any transaction. Another project's image reads as not found.
   */
  async uploadImageData(
    scope: CloudScope,
    id: string,
    data: AsyncIterable<Uint8Array>,
  ): Promise<void> {
    try {
      await this.cloud.glance.upload(scope, id, data);
    } catch (error) {
      // The simulator refuses a visible image of another project (403), as Glance does.
      if (error instanceof CloudForbiddenError) {
        throw new CloudNotFoundError(`No image found with ID ${id}`);
      }
      throw error;
    }
  }

  async deleteImage(scope: CloudScope, id: string): Promise<void> {
    const row = await this.cloud.image(scope, id);
    if (!row || row.ownerProjectId !== scope.projectId) {
      throw new CloudNotFoundError(`Failed to find image ${id} to delete`);
    }
    await this.cloud.glance.delete(scope, id);
  }

  /** Public flavors, smallest first. */
  async listFlavors(): Promise<CloudFlavor[]> {
    const rows = await this.cloud.flavors();
    return rows.map(toCloudFlavor).sort((a, b) => a.ramMb - b.ramMb || compare(a.id, b.id));
  }

  async getFlavor(id: string): Promise<CloudFlavor> {
    const row = await this.cloud.flavor(id);
    if (!row) throw new CloudNotFoundError(`Flavor ${id} could not be found.`);
    return toCloudFlavor(row);
  }

  async createKeypair(scope: CloudScope, request: CreateKeypairRequest): Promise<CloudKeypair> {
    return toCloudKeypair(await this.cloud.createKeypair(scope, request));
  }

  async listKeypairs(scope: CloudScope): Promise<CloudKeypairSummary[]> {
    return (await this.cloud.keypairs(scope)).map(toCloudKeypairSummary);
  }

  async getKeypair(scope: CloudScope, name: string): Promise<CloudKeypair> {
    const row = await this.cloud.keypair(scope, name);
    if (!row) throw keypairNotFound(name);
    return toCloudKeypair(row);
  }

  async deleteKeypair(scope: CloudScope, name: string): Promise<void> {
    if (!(await this.cloud.deleteKeypair(scope, name))) throw keypairNotFound(name);
  }

  /** Shared networks and the scope's own, oldest first, with their subnets. */
  async listNetworks(scope: CloudScope): Promise<CloudNetwork[]> {
    const networks = await this.cloud.networks(scope);
    const subnets = await this.cloud.subnets(scope);
    return networks.map((network) => toCloudNetwork(network, subnets));
  }

  ping(): Promise<void> {
    return this.cloud.ping();
  }

  async updateServer(scope: CloudScope, id: string, request: UpdateServerRequest): Promise<void> {
    const { name, accessIpv4, accessIpv6 } = request;
    await this.cloud.updateServer(scope, id, { name, accessIpv4, accessIpv6 });
  }

  replaceServerMetadata(
    scope: CloudScope,
    id: string,
    metadata: Record<string, string>,
  ): Promise<Record<string, string>> {
    return this.cloud.updateServerMetadata(scope, id, metadata, true);
  }

  setServerTags(scope: CloudScope, id: string, tags: string[]): Promise<string[]> {
    return this.cloud.setServerTags(scope, id, tags);
  }

  addServerTag(scope: CloudScope, id: string, tag: string): Promise<boolean> {
    return this.cloud.addServerTag(scope, id, tag);
  }

  removeServerTag(scope: CloudScope, id: string, tag: string): Promise<void> {
    return this.cloud.removeServerTag(scope, id, tag);
  }

  /** The rows as cloud records, with their addresses (Neutron's ports) and tags. */
  private async withCloudDetails(
    scope: CloudScope,
    rows: MockServerEntity[],
  ): Promise<CloudServer[]> {
    // One after the other: in a transaction they share one database connection.
    const addresses = await this.cloud.serverAddresses(rows);
    const tags =
      rows.length === 1
        ? new Map([[rows[0].id, await this.cloud.tagsOf(rows[0].id)]])
        : await this.cloud.tagsByServer(scope);
    return rows.map((row) => toCloudServer(row, addresses.get(row.id), tags.get(row.id)));
  }
}

const keypairNotFound = (name: string) => new CloudNotFoundError(`Keypair ${name} not found.`);

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
