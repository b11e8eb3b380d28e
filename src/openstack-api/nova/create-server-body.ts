import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type {
  CreateServerRequest,
  DiskConfig,
  NetworkAttachment,
  NetworkRequest,
} from '../../compute/cloud-records';
import { isAccessIpv4, isAccessIpv6 } from '../../compute/access-ips';
import { invalidInput, pyRepr } from '../../simulator';
import { pythonRepr, pythonStr } from '../http/python-repr';
import { NovaError } from './nova-errors';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface NovaCreateServer {
  request: CreateServerRequest;
  /** Ports asked for (`networks: [{port}]`), in order. */
  ports: string[];
  count: number;
  adminPass: string;
  returnReservationId: boolean;
}

const MAX_METADATA_ITEMS = 128;
const MAX_USER_DATA_BYTES = 65535;

const invalid = (field: string, why: string) =>
  new NovaError(400, `Invalid input for field/attribute ${field}. ${why}`);

/** A reference given as an id or as a link to the resource: its last path segment. */
function refId(value: unknown, field: string): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || text.trim() === '')
    throw invalid(field, `'${field}' is required.`);
  return text.replace(/\/+$/, '').split('/').pop()!;
}

/**
 * Reads `POST /servers` as Nova's schema does for what the simulator supports: name,
 * imageRef, flavorRef, networks (`"none"`/`"auto"` from 2.37, where they are required, or
 * a list of `{uuid, fixed_ip?}` / `{port}`), metadata, key_name, user_data,
 * min_count/max_count. Throws Nova's 400s (403 for too much metadata).
 */
export function parseCreateServer(body: unknown, minor: number): NovaCreateServer {
  const server = isObject(body) ? body.server : undefined;
  if (!isObject(server)) throw invalid('server', "'server' is a required property.");
  const name = server.name;
  if (typeof name !== 'string' || name.length < 1 || name.length > 255 || name.trim() !== name) {
    throw invalid('name', 'The name must be 1-255 characters without leading or trailing spaces.');
  }
  if (server.block_device_mapping_v2 !== undefined || server.block_device_mapping !== undefined) {
    throw new NovaError(400, 'Booting from volume is not supported by this simulator.');
  }
  const { networks, ports } = networksOf(server.networks, minor);
  if (server.availability_zone !== undefined && server.availability_zone !== 'nova') {
    throw new NovaError(400, 'The requested availability zone is not available');
  }
  const minCount = Number(server.min_count ?? 1);
  const count = Number(server.max_count ?? server.min_count ?? 1);
  if (!Number.isInteger(count) || count < 1 || count > 10) {
    throw invalid('max_count', 'Between 1 and 10 servers per request.');
  }
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw invalid('min_count', 'At least 1 server per request.');
  }
  if (minCount > count) throw new NovaError(400, 'min_count must be <= max_count');
  securityGroupsOf(server.security_groups);
  return {
    request: {
      name,
      imageId: refId(server.imageRef, 'imageRef'),
      flavorId: refId(server.flavorRef, 'flavorRef'),
      metadata: metadataOf(server.metadata),
      keyName: optionalString(server.key_name, 'key_name'),
      userData: userDataOf(server.user_data),
      description: descriptionOf(server, name, minor),
      ...accessIpsOf(server),
      ...diskConfigOf(server),
      ...(networks === undefined ? {} : { networks }),
    },
    ports,
    count,
    adminPass:
      typeof server.adminPass === 'string'
        ? server.adminPass
        : randomBytes(9).toString('base64url').slice(0, 12),
    returnReservationId: server.return_reservation_id === true,
  };
}

/** Nova's uuid format (`uuidutils.is_uuid_like`): 32 hex digits, dashes optional. */
const UUID_LIKE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** The keys of a `networks` entry: `tag` from 2.32 (device tagging). */
const NETWORK_KEYS = ['fixed_ip', 'port', 'uuid'];

/** A uuid-like id in the form Neutron stores: lower case with dashes. */
function canonicalUuid(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * `networks` as Nova's schema and `_get_requested_networks` read it: required from 2.37,
 * where `"auto"`/`"none"` join the list form; each entry `{uuid, fixed_ip?, tag?}` or
 * `{port}`. An empty list is no request at all (Nova picks, as when it is left out).
 * Schema errors carry the request's value as Python prints it, as Nova's do.
 */
function networksOf(
  value: unknown,
  minor: number,
): { networks: NetworkRequest | undefined; ports: string[] } {
  if (value === undefined) {
    if (minor >= 37) throw invalid('server', "'networks' is a required property");
    return { networks: undefined, ports: [] };
  }
  const schemaError = (why: string) =>
    new NovaError(
      400,
      `Invalid input for field/attribute networks. Value: ${pythonStr(value)}. ${why}`,
    );
  const notValid = () =>
    schemaError(`${pythonRepr(value)} is not valid under any of the given schemas`);
  if (!Array.isArray(value)) {
    if (minor < 37) throw schemaError(`${pythonRepr(value)} is not of type 'array'`);
    if (value === 'auto' || value === 'none') return { networks: value, ports: [] };
    throw notValid();
  }
  const keys = minor >= 32 ? [...NETWORK_KEYS, 'tag'] : NETWORK_KEYS;
  for (const entry of value as unknown[]) {
    if (!isObject(entry) || !networkEntryValid(entry, keys)) throw notValid();
  }
  const attachments: NetworkAttachment[] = [];
  const ports: string[] = [];
  for (const entry of value as Json[]) {
    const fixedIp = entry.fixed_ip as string | undefined;
    if (typeof entry.port === 'string') {
      if (fixedIp !== undefined) {
        throw new NovaError(
          400,
          `Specified Fixed IP '${fixedIp}' cannot be used with port '${entry.port}': ` +
            'the two cannot be specified together.',
        );
      }
      ports.push(entry.port);
      continue;
    }
    if (typeof entry.uuid !== 'string') {
      throw new NovaError(400, "Bad network format: missing 'uuid'");
    }
    attachments.push({
      networkId: canonicalUuid(entry.uuid),
      ...(fixedIp === undefined ? {} : { fixedIp }),
    });
  }
  return { networks: attachments.length > 0 ? attachments : undefined, ports };
}

/** One entry of the list form, as Nova's schema checks it. */
function networkEntryValid(entry: Json, keys: string[]): boolean {
  if (Object.keys(entry).some((key) => !keys.includes(key))) return false;
  const { uuid, port, fixed_ip: fixedIp, tag } = entry;
  if (uuid !== undefined && (typeof uuid !== 'string' || !UUID_LIKE.test(uuid))) return false;
  if (port !== undefined && port !== null && (typeof port !== 'string' || !UUID_LIKE.test(port))) {
    return false;
  }
  if (fixedIp !== undefined && (typeof fixedIp !== 'string' || isIP(fixedIp) === 0)) return false;
  if (tag !== undefined && (typeof tag !== 'string' || tag.length > 60 || /[,/]/.test(tag))) {
    return false;
  }
  return true;
}

function metadataOf(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value)) throw invalid('metadata', 'Must be an object of strings.');
  const entries = Object.entries(value);
  if (entries.length > MAX_METADATA_ITEMS) {
    throw new NovaError(403, 'Quota exceeded for resources: metadata_items');
  }
  for (const [key, v] of entries) {
    if (key.length < 1 || key.length > 255 || typeof v !== 'string' || v.length > 255) {
      throw invalid('metadata', 'Keys are 1-255 characters and values strings of 0-255.');
    }
  }
  return value as Record<string, string>;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length < 1 || value.length > 255) {
    throw invalid(field, 'Must be a string of 1-255 characters.');
  }
  return value;
}

function userDataOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
  if (typeof value !== 'string' || value.length % 4 !== 0 || !base64.test(value)) {
    throw new NovaError(400, 'User data needs to be valid base 64.');
  }
  if (Buffer.from(value, 'base64').length > MAX_USER_DATA_BYTES) {
    throw invalid('user_data', 'User data is too large (64 KiB at most).');
  }
  return value;
}

/**
 * `accessIPv4`/`accessIPv6` as Nova's schema takes them (`format: ipv4`/`ipv6`), in
 * `POST /servers`, `PUT /servers/{id}` and rebuild; jsonschema's texts otherwise.
 */
export function accessIpsOf(body: Json): { accessIpv4?: string; accessIpv6?: string } {
  const out: { accessIpv4?: string; accessIpv6?: string } = {};
  for (const [field, version, valid] of [
    ['accessIPv4', 'ipv4', isAccessIpv4],
    ['accessIPv6', 'ipv6', isAccessIpv6],
  ] as const) {
    if (!Object.hasOwn(body, field)) continue;
    const value = body[field];
    if (typeof value !== 'string') {
      throw invalidInput(field, value, `${pyRepr(value)} is not of type 'string'`);
    }
    if (!valid(value)) throw invalidInput(field, value, `${pyRepr(value)} is not a '${version}'`);
    out[field === 'accessIPv4' ? 'accessIpv4' : 'accessIpv6'] = value;
  }
  return out;
}

/** `OS-DCF:diskConfig` as Nova's schema takes it: `AUTO` or `MANUAL`. */
export function diskConfigOf(body: Json): { diskConfig?: DiskConfig } {
  const field = 'OS-DCF:diskConfig';
  if (!Object.hasOwn(body, field)) return {};
  const value = body[field];
  if (value !== 'AUTO' && value !== 'MANUAL') {
    throw invalidInput(field, value, `${pyRepr(value)} is not one of ['AUTO', 'MANUAL']`);
  }
  return { diskConfig: value };
}

/**
 * `security_groups` (`[{name}]`): the simulator's projects have Neutron's `default` group
 * only, so any other name is Nova's 400.
 */
function securityGroupsOf(value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    throw invalidInput('security_groups', value, `${pyRepr(value)} is not of type 'array'`);
  }
  for (const group of value as unknown[]) {
    const name = isObject(group) ? group.name : undefined;
    if (typeof name !== 'string') {
      throw invalidInput('security_groups', value, `'name' is a required property`);
    }
    if (name !== 'default') {
      throw new NovaError(400, `Unable to find security_group with name or id '${name}'`);
    }
  }
}

/**
 * The server's description: from 2.19 the request's (a string of at most 255 characters,
 * or null); before, Nova gives every server its name as description.
 */
function descriptionOf(server: Json, name: string, minor: number): string | null {
  if (minor < 19) return name;
  const value = server.description;
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw invalidInput('description', value, `${pyRepr(value)} is not of type 'string', 'null'`);
  }
  if ([...value].length > 255) {
    throw invalidInput('description', value, `${pyRepr(value)} is too long`);
  }
  return value;
}
