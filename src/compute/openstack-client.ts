import type {
  CloudFlavor,
  CloudImage,
  CloudKeypair,
  CloudKeypairSummary,
  CloudNetwork,
  CloudPage,
  CloudScope,
  CloudServer,
  CreateKeypairRequest,
  CreateServerRequest,
  ListImagesQuery,
  ListServersQuery,
  PageRequest,
  RebootType,
  RebuildRequest,
  SimpleServerAction,
} from './cloud-records';

/**
 * The port to an OpenStack cloud (Nova v2.1 + Glance v2 + Neutron v2.0), and the DI token that
 * `ComputeModule` binds to the simulator or to the real client. Method names follow
 * openstacksdk. Every method throws only `CloudError` subclasses.
 *
 * Actions are asynchronous, as in Nova: they return once the cloud has accepted
 * them; the resulting state is read back with `getServer`/`listServers`.
 */
export abstract class OpenStackClient {
  /**
   * Whether the client's writes join the caller's database transaction (the simulator
   * does; a real cloud cannot), which decides how the service stages a lifecycle call.
   */
  abstract readonly joinsTransactions: boolean;

  /** Boots a server. The returned record is usually in status BUILD. */
  abstract createServer(scope: CloudScope, request: CreateServerRequest): Promise<CloudServer>;

  /** Throws `CloudNotFoundError` for a missing or deleted server. */
  abstract getServer(scope: CloudScope, id: string): Promise<CloudServer>;

  /**
   * All servers of the scope (every page). With `changesSince`, deleted servers
   * changed since then are included with status DELETED, as Nova does.
   */
  abstract listServers(scope: CloudScope, query?: ListServersQuery): Promise<CloudServer[]>;

  abstract deleteServer(scope: CloudScope, id: string): Promise<void>;
  abstract startServer(scope: CloudScope, id: string): Promise<void>;
  abstract stopServer(scope: CloudScope, id: string): Promise<void>;
  abstract rebootServer(scope: CloudScope, id: string, type: RebootType): Promise<void>;

  /**
   * One of Nova's actions that take nothing but the server (pause, unpause, suspend,
   * resume, unrescue, shelve, shelveOffload, unshelve, confirmResize, revertResize).
   */
  abstract serverAction(scope: CloudScope, id: string, action: SimpleServerAction): Promise<void>;

  /** Resizes to another flavor; the server then waits in VERIFY_RESIZE for a confirm or revert. */
  abstract resizeServer(scope: CloudScope, id: string, flavorId: string): Promise<void>;

  /** Rebuilds onto an image, optionally renaming it and replacing its metadata. */
  abstract rebuildServer(scope: CloudScope, id: string, request: RebuildRequest): Promise<void>;

  /** Boots the server into rescue mode, from `imageId` or its own image. */
  abstract rescueServer(scope: CloudScope, id: string, imageId?: string): Promise<void>;

  /** Locks the server in Nova: its actions are then refused to non-admins. */
  abstract lockServer(scope: CloudScope, id: string, reason?: string): Promise<void>;
  abstract unlockServer(scope: CloudScope, id: string): Promise<void>;

  /** The server's console log: its last `lines` lines, or all of it. */
  abstract getServerConsoleOutput(scope: CloudScope, id: string, lines?: number): Promise<string>;

  /** Snapshots a server into a new image; returns the image id. */
  abstract createServerImage(
    scope: CloudScope,
    id: string,
    name: string,
    metadata?: Record<string, string>,
  ): Promise<string>;

  /**
   * One page of the images visible to the scope (public ones and the project's own),
   * newest first: `createdAt` descending, then `id` descending. `name` and `status` match
   * exactly. The cost is one page's, whatever the number of images: the page is read from
   * the source (a bounded SQL range, a bounded number of Glance requests), never by
   * reading everything and slicing. Continuing after a position whose image has since been
   * deleted works: the next page starts with the next older image.
   */
  abstract listImages(
    scope: CloudScope,
    query: ListImagesQuery,
    page: PageRequest,
  ): Promise<CloudPage<CloudImage>>;
  abstract getImage(scope: CloudScope, id: string): Promise<CloudImage>;

  abstract listFlavors(): Promise<CloudFlavor[]>;
  abstract getFlavor(id: string): Promise<CloudFlavor>;

  /**
   * Imports a public key as the scope's key pair `name`. Throws `CloudConflictError` when
   * the scope has a key pair of that name, `CloudBadRequestError` for a key the cloud
   * cannot read.
   */
  abstract createKeypair(scope: CloudScope, request: CreateKeypairRequest): Promise<CloudKeypair>;

  /** The scope's key pairs, by name. */
  abstract listKeypairs(scope: CloudScope): Promise<CloudKeypairSummary[]>;

  /** Throws `CloudNotFoundError` when the scope has no key pair of that name. */
  abstract getKeypair(scope: CloudScope, name: string): Promise<CloudKeypair>;

  /** Throws `CloudNotFoundError` when the scope has no key pair of that name. */
  abstract deleteKeypair(scope: CloudScope, name: string): Promise<void>;

  /**
   * The networks the scope sees (its own, shared ones, external ones), each with its
   * subnets, in the cloud's order.
   */
  abstract listNetworks(scope: CloudScope): Promise<CloudNetwork[]>;

  /** A cheap call proving the cloud answers (readiness). */
  abstract ping(): Promise<void>;
}
