/**
 * Cloud-shaped records exchanged with an `OpenStackClient`. They mirror the fields
 * of Nova's and Glance's resources that this service uses, in camelCase, and are
 * neither entities nor response DTOs.
 */

/** Nova's `status` string, kept raw (other values may appear for servers changed elsewhere). */
export type CloudServerStatus = string;

/** Nova's `OS-EXT-STS:task_state`, or null. */
export type CloudTaskState = string | null;

export interface CloudFault {
  code: number;
  message: string;
}

export interface CloudServer {
  id: string;
  name: string;
  status: CloudServerStatus;
  taskState: CloudTaskState;
  flavorId: string;
  imageId: string;
  metadata: Record<string, string>;
  fault: CloudFault | null;
  /** Locked in the cloud: Nova refuses its actions to non-admins. */
  locked: boolean;
  /** The key pair the server was booted with (Nova's `key_name`), or null. */
  keyName: string | null;
  /** Nova's `accessIPv4`, null when none was set (Nova shows ""). */
  accessIpv4: string | null;
  /** Nova's `accessIPv6` (compressed), null when none was set. */
  accessIpv6: string | null;
  /** Nova's server tags (microversion 2.26), in Nova's order; empty where the cloud has none. */
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  launchedAt: Date | null;
  /** The server's addresses by network name, as Nova's `addresses` lists them. */
  addresses: CloudAddresses;
}

/** One address of a server (Nova's `addr`, `version`, `OS-EXT-IPS:type`, `OS-EXT-IPS-MAC:mac_addr`). */
export interface CloudAddress {
  address: string;
  version: 4 | 6;
  type: 'fixed' | 'floating';
  /** The MAC of the port that holds it, when the cloud shows it. */
  mac?: string;
}

/** A server's addresses, by the name of their network. */
export type CloudAddresses = Record<string, CloudAddress[]>;

export interface CloudImage {
  id: string;
  name: string;
  /** Glance status: queued, saving, active, killed, deleted, ... */
  status: string;
  minDiskGb: number;
  minRamMb: number;
  sizeBytes: number | null;
  visibility: string;
  /** The project that owns the image (Glance `owner`). */
  ownerProjectId: string | null;
  createdAt: Date;
  /** Glance's `disk_format` and `container_format` (null until set). */
  diskFormat: string | null;
  containerFormat: string | null;
  /** md5 of the data (Glance `checksum`), and its secure hash (`os_hash_algo`/`_value`). */
  checksum: string | null;
  hashAlgo: string | null;
  hashValue: string | null;
  /** Glance's image tags. */
  tags: string[];
  /** A protected image cannot be deleted. */
  isProtected: boolean;
  /**
   * The service project the image belongs to, which alone may upload to it and delete it:
   * the simulator's owner; with the real client, the project recorded on what it made
   * (`vm-lifecycle:project`). Null for images of the operator or made outside the service.
   */
  projectId: string | null;
  /** The custom properties (Glance's extra properties), the service's own left out. */
  properties: Record<string, string>;
}

/** Glance's disk formats (its default `disk_formats`). */
export const IMAGE_DISK_FORMATS = [
  'ami',
  'ari',
  'aki',
  'vhd',
  'vhdx',
  'vmdk',
  'raw',
  'qcow2',
  'vdi',
  'iso',
  'ploop',
] as const;

/** Glance's container formats (its default `container_formats`). */
export const IMAGE_CONTAINER_FORMATS = [
  'ami',
  'ari',
  'aki',
  'bare',
  'ovf',
  'ova',
  'docker',
  'compressed',
] as const;

/** An image to register (`createImage`); its data comes after, with `uploadImageData`. */
export interface CreateImageRequest {
  name: string;
  diskFormat: string;
  containerFormat: string;
  /** `private` (the project's only) or `community` (every project sees it). */
  visibility: 'private' | 'community';
  minDiskGb: number;
  minRamMb: number;
  tags: string[];
  properties: Record<string, string>;
}

export interface CloudFlavor {
  id: string;
  name: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

export interface CreateServerRequest {
  name: string;
  imageId: string;
  flavorId: string;
  metadata: Record<string, string>;
  keyName?: string;
  /** Base64, as Nova takes it. */
  userData?: string;
  /** Nova's `accessIPv4`: a dotted quad (see `isAccessIpv4`). */
  accessIpv4?: string;
  /** Nova's `accessIPv6`: an IPv6 address. */
  accessIpv6?: string;
  /** Nova's `OS-DCF:diskConfig` (the simulator keeps it; `MANUAL` when left out). */
  diskConfig?: DiskConfig;
  /** Nova's `description` (the simulator keeps it; none when left out). */
  description?: string | null;
  /**
   * Where to plug the server in (Nova's `networks`): `auto` (the one network the project
   * may use), `none`, or a port on each listed network, with a chosen fixed IP or the
   * next free one. Left out: the client's default (`auto` for the simulator; the
   * configured `OPENSTACK_NETWORKS` for a real cloud).
   */
  networks?: NetworkRequest;
}

export type NetworkRequest = 'auto' | 'none' | NetworkAttachment[];

export interface NetworkAttachment {
  networkId: string;
  /** An address of one of the network's subnets; otherwise the cloud picks a free one. */
  fixedIp?: string;
}

/** A Neutron network the scope may see, with its subnets. */
export interface CloudNetwork {
  id: string;
  name: string;
  /** Neutron's status: ACTIVE, DOWN, BUILD or ERROR. */
  status: string;
  /** Shared with every project. */
  shared: boolean;
  /** An external (provider, `router:external`) network: servers are not plugged into it. */
  external: boolean;
  subnets: CloudSubnet[];
}

export interface CloudSubnet {
  id: string;
  name: string;
  ipVersion: 4 | 6;
  cidr: string;
  gatewayIp: string | null;
  /** IPv6 only: `slaac`, `dhcpv6-stateless` (addresses derived from the MAC) or `dhcpv6-stateful`. */
  ipv6AddressMode: string | null;
}

export interface ListServersQuery {
  /** Only servers changed at or after this instant (Nova `changes-since`), deleted ones included. */
  changesSince?: Date;
}

export interface ListImagesQuery {
  name?: string;
  status?: string;
}

/**
 * A place in a newest-first list (`createdAt` descending, then `id` descending): the sort
 * key of the item a page ended on. It stays meaningful when that item is gone.
 */
export interface ListPosition {
  createdAt: Date;
  id: string;
}

/** Which page of a newest-first list to read. */
export interface PageRequest {
  /** At most this many items (1–200 from the REST API). */
  limit: number;
  /** Start strictly after this position; the first page without it. */
  after?: ListPosition;
}

/** One page of a newest-first list. */
export interface CloudPage<T> {
  items: T[];
  /**
   * Where the next page starts (pass it as `after`), or null when nothing follows. Usually
   * the last item's position; a source that hides items may stop after hidden ones, so a
   * page can hold fewer than `limit` items and still have a `next`.
   */
  next: ListPosition | null;
}

export type RebootType = 'SOFT' | 'HARD';

/** What `updateServer` changes (Nova's `PUT /servers/{id}`): the name and access addresses. */
export interface UpdateServerRequest {
  name?: string;
  accessIpv4?: string;
  accessIpv6?: string;
}

/** Nova's `OS-DCF:diskConfig`: how the root disk is partitioned. */
export type DiskConfig = 'AUTO' | 'MANUAL';

/** A rebuild: the new image, and optionally a new name and metadata. */
export interface RebuildRequest {
  imageId: string;
  name?: string;
  metadata?: Record<string, string>;
  accessIpv4?: string;
  accessIpv6?: string;
  /** Nova's `OS-DCF:diskConfig`; a rebuild without it is `MANUAL` again (as on Nova Zed). */
  diskConfig?: DiskConfig;
  /** New user data (base64), or null to drop it (Nova's rebuild takes it from 2.57). */
  userData?: string | null;
}

/**
 * Nova's server actions that take nothing but the server (their Nova names, camelCased
 * as in the action API: `shelveOffload`, `confirmResize`, `revertResize`).
 */
export type SimpleServerAction =
  | 'pause'
  | 'unpause'
  | 'suspend'
  | 'resume'
  | 'unrescue'
  | 'shelve'
  | 'shelveOffload'
  | 'unshelve'
  | 'confirmResize'
  | 'revertResize';

/**
 * The project a call acts for. The simulator keeps servers per project; the real
 * client acts with its one configured credential and records the project in metadata.
 */
export interface CloudScope {
  projectId: string;
  /**
   * The caller is a cloud admin, whom Nova lets act on a locked server. Only the
   * OpenStack-compatible API sets it (for admin tokens); the service's own calls act as
   * the project's user.
   */
  admin?: boolean;
  /**
   * The id of the request this call serves, as the OpenStack-compatible API answered it
   * (`x-compute-request-id`): the simulator records it on the instance actions it starts.
   */
  requestId?: string;
}

/** Nova's key pair types: OpenSSH public keys, or x509 certificates (for WinRM). */
export type CloudKeypairType = 'ssh' | 'x509';

/** A key pair as a list shows it (Nova's list view has no creation time). */
export interface CloudKeypairSummary {
  /** The name the scope knows it by. */
  name: string;
  /** An OpenSSH public key line (or a PEM certificate for x509). */
  publicKey: string;
  /** Nova's fingerprint: the MD5 of the key blob, colon-separated hex. */
  fingerprint: string;
  type: CloudKeypairType;
}

/** A key pair as creating or reading one shows it. */
export interface CloudKeypair extends CloudKeypairSummary {
  createdAt: Date;
}

/** Imports a public key (Nova generates no keys from microversion 2.92). */
export interface CreateKeypairRequest {
  name: string;
  /** An OpenSSH public key line. */
  publicKey: string;
}

/** Glance's own attributes of an image: every other key of an image is a custom property. */
export const GLANCE_IMAGE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'protected',
  'os_hidden',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'owner',
  'size',
  'virtual_size',
  'container_format',
  'disk_format',
  'created_at',
  'updated_at',
  'tags',
  'direct_url',
  'min_ram',
  'min_disk',
  'self',
  'file',
  'stores',
  'schema',
  'locations',
]);
