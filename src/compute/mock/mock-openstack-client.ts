import { CloudNotFoundError } from '../cloud-errors';
import type {
  CloudFlavor,
  CloudImage,
  CloudPage,
  CloudScope,
  CloudServer,
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
import type { SimulatedCloud } from '../../simulator';
import { toCloudFlavor, toCloudImage, toCloudServer } from './mock-records';

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

  async createServer(scope: CloudScope, request: CreateServerRequest): Promise<CloudServer> {
    return toCloudServer(await this.cloud.createServer(scope, request));
  }

  async getServer(scope: CloudScope, id: string): Promise<CloudServer> {
    const row = await this.cloud.server(scope, id);
    if (!row) throw new CloudNotFoundError(`Instance ${id} could not be found.`);
    return toCloudServer(row, await this.cloud.tagsOf(row.id));
  }

  /** Newest first. Without `changesSince` deleted servers are left out, as in Nova. */
  async listServers(scope: CloudScope, query: ListServersQuery = {}): Promise<CloudServer[]> {
    const rows = await this.cloud.servers(scope, { changesSince: query.changesSince });
    const tags = await this.cloud.tagsByServer(scope);
    return rows.map((row) => toCloudServer(row, tags.get(row.id)));
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

  ping(): Promise<void> {
    return this.cloud.ping();
  }

  async updateServer(scope: CloudScope, id: string, request: UpdateServerRequest): Promise<void> {
    await this.cloud.updateServer(scope, id, { name: request.name });
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
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
