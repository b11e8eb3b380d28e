import { createHash } from 'node:crypto';
import {
  type MockFlavorEntity,
  type MockServerEntity,
  type PortAddress,
  neverScheduled,
  novaStatus,
  showsFault,
  VmState,
} from '../../simulator';
import { novaUsageFormat, secondsFormat } from '../http/openstack-time';
import { userIdOf } from '../keystone/token-body';
import type { NovaUrls } from './nova-urls';

/** Statuses for which Nova shows `progress`. */
const PROGRESS = new Set(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']);
const SIMULATED_HOST = 'simulated-compute';

export interface ServerViewOptions {
  urls: NovaUrls;
  minor: number;
  /** The server's flavor, when it still exists. */
  flavor: MockFlavorEntity | null;
  /** `GET /servers/{id}` shows a few fields that lists do not (server_groups at 2.71). */
  show: boolean;
  /** The server's port addresses, in port order. */
  addresses: PortAddress[];
  /** The server's tags, shown from 2.26 (none when left out). */
  tags?: string[];
  /** The server groups it is in, shown by `show` from 2.71 (none when left out). */
  serverGroups?: string[];
}

/**
 * What the answers to `PUT /servers/{id}` and to a rebuild leave out below microversion
 * 2.75 (from 2.75 they show every field `GET` does): nova/api/openstack/compute/servers.py
 * `update` and `_action_rebuild`. The rebuild's answer shows `key_name` from 2.54.
 */
const NOT_SHOWN_BEFORE_275 = [
  'OS-EXT-AZ:availability_zone',
  'config_drive',
  'key_name',
  'OS-SRV-USG:launched_at',
  'OS-SRV-USG:terminated_at',
  'OS-EXT-STS:task_state',
  'OS-EXT-STS:vm_state',
  'OS-EXT-STS:power_state',
  'os-extended-volumes:volumes_attached',
  'security_groups',
];

/** Nova's answer to `PUT /servers/{id}`: the server view, trimmed below 2.75. */
export function serverUpdateView(row: MockServerEntity, options: ServerViewOptions) {
  const view = serverDetail(row, { ...options, show: true });
  if (options.minor >= 75) return view;
  for (const key of NOT_SHOWN_BEFORE_275) delete view[key];
  view.addresses = plainAddressesView(options.addresses);
  return view;
}

/** `addresses` without the extended attributes (type, MAC): version and address only. */
export function plainAddressesView(addresses: PortAddress[]) {
  const out: Record<string, { version: number; addr: string }[]> = {};
  for (const { network, address, version } of addresses) {
    (out[network] ??= []).push({ version, addr: address });
  }
  return out;
}

/** Nova's answer to a rebuild (before its admin password): trimmed below 2.75 as an update's. */
export function serverRebuildView(row: MockServerEntity, options: ServerViewOptions) {
  const view = serverDetail(row, { ...options, show: true });
  if (options.minor >= 75) return view;
  for (const key of NOT_SHOWN_BEFORE_275) {
    if (key !== 'key_name' || options.minor < 54) delete view[key];
  }
  view.addresses = plainAddressesView(options.addresses);
  return view;
}

/** `{id, name, links}`: an entry of `GET /servers`. */
export function serverSummary(row: MockServerEntity, urls: NovaUrls) {
  return { id: row.id, name: row.name, links: urls.links('servers', row.id) };
}

/**
 * Nova's `addresses` (views/addresses.py): by network name, each address with its
 * version, type and its port's MAC.
 */
export function addressesView(addresses: PortAddress[]) {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const { network, address, version, mac } of addresses) {
    (out[network] ??= []).push({
      version,
      addr: address,
      'OS-EXT-IPS:type': 'fixed',
      'OS-EXT-IPS-MAC:mac_addr': mac,
    });
  }
  return out;
}

/**
 * Nova's full server view (nova/api/openstack/compute/views/servers.py) for a non-admin,
 * by microversion. A server with ports shows their addresses and the `default` security
 * group of its ports; one without has `addresses: {}` and no `security_groups` key, as
 * on the lab cloud.
 */
export function serverDetail(row: MockServerEntity, options: ServerViewOptions) {
  const { urls, minor } = options;
  const status = novaStatus(row.vmState, row.taskState);
  // A server the scheduler found no host for has neither a host nor a zone.
  const unscheduled = neverScheduled(row);
  const view: Record<string, unknown> = {
    id: row.id,
    name: row.name,
    status,
    tenant_id: row.projectId,
    user_id: userIdOf(row.projectId),
    metadata: { ...row.metadata },
    hostId: row.vmState === VmState.Building || unscheduled ? '' : hostIdOf(row.projectId),
    image: { id: row.imageId, links: urls.bookmarkOnly('images', row.imageId) },
    flavor: flavorView(row, options),
    created: secondsFormat(row.createdAt),
    updated: secondsFormat(row.updatedAt),
    addresses: addressesView(options.addresses),
    accessIPv4: row.accessIpv4 ?? '',
    accessIPv6: row.accessIpv6 ?? '',
    links: urls.links('servers', row.id),
    'OS-DCF:diskConfig': row.diskConfig,
    ...(PROGRESS.has(status) ? { progress: 0 } : {}),
    'OS-EXT-AZ:availability_zone': unscheduled ? '' : 'nova',
    config_drive: '',
    key_name: row.keyName,
    'OS-SRV-USG:launched_at': novaUsageFormat(row.launchedAt),
    'OS-SRV-USG:terminated_at': novaUsageFormat(row.terminatedAt),
    'OS-EXT-STS:task_state': row.taskState,
    'OS-EXT-STS:vm_state': row.vmState,
    'OS-EXT-STS:power_state': row.powerState,
    'os-extended-volumes:volumes_attached': [],
  };
  if (options.addresses.length > 0) view.security_groups = [{ name: 'default' }];
  if (row.fault && showsFault(row.vmState)) {
    view.fault = {
      code: row.fault.code,
      created: secondsFormat(new Date(row.fault.created)),
      message: row.fault.message,
    };
  }
  if (minor >= 9) view.locked = row.lockedBy !== null;
  if (minor >= 73) view.locked_reason = row.lockedReason;
  if (minor >= 19) view.description = row.description;
  if (minor >= 26) view.tags = [...(options.tags ?? [])];
  if (minor >= 63) view.trusted_image_certificates = null;
  if (options.show && minor >= 71) view.server_groups = [...(options.serverGroups ?? [])];
  if (minor >= 90) view['OS-EXT-SRV-ATTR:hostname'] = hostnameOf(row.name);
  return view;
}

/** `{id, links}` before 2.47; the embedded flavor from 2.47. */
function flavorView(row: MockServerEntity, { urls, minor, flavor }: ServerViewOptions) {
  if (minor < 47) return { id: row.flavorId, links: urls.bookmarkOnly('flavors', row.flavorId) };
  return {
    vcpus: flavor?.vcpus ?? 0,
    ram: flavor?.ramMb ?? 0,
    disk: flavor?.diskGb ?? 0,
    ephemeral: 0,
    swap: 0,
    original_name: flavor?.name ?? row.flavorId,
    extra_specs: {},
  };
}

/** Nova's hostId: sha224(project id + host), so a project cannot learn host names. */
function hostIdOf(projectId: string): string {
  return createHash('sha224')
    .update(projectId + SIMULATED_HOST)
    .digest('hex');
}

/** Nova's sanitize_hostname, roughly: lower case, `[a-z0-9-]`, at most 63 characters. */
function hostnameOf(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[ _.]/g, '-')
    .replace(/[^a-z0-9-]+/g, '')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return cleaned || 'server';
}
