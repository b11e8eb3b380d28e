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

  /**
   * Registers an image of the scope's project (Glance `POST /v2/images`): `queued`, no
   * data yet.
   */
  abstract createImage(scope: CloudScope, request: CreateImageRequest): Promise<CloudImage>;

  /**
   * Streams `data` into an image of the scope's project (Glance `PUT /v2/images/{id}/file`):
   * `queued` → `saving` → `active`, with its size and checksums. Never holds the whole
   * data. `CloudNotFoundError` for an image that is not the scope's; `CloudConflictError`
   * unless it is `queued`. When `data` fails (the caller's limit, its client gone), the
   * upload is abandoned, the image is `queued` again, and the error thrown is `data`'s own.
   */
  abstract uploadImageData(
    scope: CloudScope,
    id: string,
    data: AsyncIterable<Uint8Array>,
  ): Promise<void>;

  /**
   * Deletes an image of the scope's project, with its data. `CloudNotFoundError` for an
   * image that is not the scope's; a protected image is refused (`CloudForbiddenError`).
   */
  abstract deleteImage(scope: CloudScope, id: string): Promise<void>;

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

  /**
   * Renames a server (Nova `PUT /servers/{id}`), in any state and locked or not, as
   * Nova allows.
   */
  abstract updateServer(scope: CloudScope, id: string, request: UpdateServerRequest): Promise<void>;

  /**
   * Replaces the server's metadata (Nova `PUT /servers/{id}/metadata`) and returns it.
   * Nova refuses it (`CloudConflictError`) on a locked server to non-admins and unless the
   * server is ACTIVE, SHUTOFF, PAUSED or SUSPENDED with no task in progress; more than
   * its quota of items (128 by default) is `CloudQuotaExceededError`.
   */
  abstract replaceServerMetadata(
    scope: CloudScope,
    id: string,
    metadata: Record<string, string>,
  ): Promise<Record<string, string>>;

  /**
   * Replaces the server's tags (Nova `PUT /servers/{id}/tags`, microversion 2.26) and
   * returns them in Nova's order. At most 50 tags of 1–60 characters without `/` or `,`
   * (else `CloudBadRequestError`); only in ACTIVE, SHUTOFF, PAUSED or SUSPENDED, also
   * during a task and on a locked server (else `CloudConflictError`). A cloud without
   * microversion 2.26 throws `CloudUnsupportedError`.
   */
  abstract setServerTags(scope: CloudScope, id: string, tags: string[]): Promise<string[]>;

  /**
   * Adds one tag (Nova `PUT /servers/{id}/tags/{tag}`): true when it was added, false
   * when the server had it. The rules of `setServerTags`; a server with 50 tags refuses
   * any tag, even one it has (`CloudBadRequestError`).
   */
  abstract addServerTag(scope: CloudScope, id: string, tag: string): Promise<boolean>;

  /**
   * Removes one tag (Nova `DELETE /servers/{id}/tags/{tag}`); `CloudNotFoundError` when
   * the server (or the tag) is not there.
   */
  abstract removeServerTag(scope: CloudScope, id: string, tag: string): Promise<void>;
}
