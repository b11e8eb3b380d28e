import { randomBytes } from 'node:crypto';
import type { CreateServerRequest } from '../../compute/cloud-records';
import { NovaError } from './nova-errors';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface NovaCreateServer {
  request: CreateServerRequest;
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
 * imageRef, flavorRef, networks (`"none"`/`"auto"`, required from 2.37), metadata,
 * key_name, user_data, min_count/max_count. Throws Nova's 400s (403 for too much metadata).
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
  checkNetworks(server.networks, minor);
  if (server.availability_zone !== undefined && server.availability_zone !== 'nova') {
    throw new NovaError(400, 'The requested availability zone is not available');
  }
  const count = Number(server.max_count ?? server.min_count ?? 1);
  if (!Number.isInteger(count) || count < 1 || count > 10) {
    throw invalid('max_count', 'Between 1 and 10 servers per request.');
  }
  return {
    request: {
      name,
      imageId: refId(server.imageRef, 'imageRef'),
      flavorId: refId(server.flavorRef, 'flavorRef'),
      metadata: metadataOf(server.metadata),
      keyName: optionalString(server.key_name, 'key_name'),
      userData: userDataOf(server.user_data),
    },
    count,
    adminPass:
      typeof server.adminPass === 'string'
        ? server.adminPass
        : randomBytes(9).toString('base64url').slice(0, 12),
    returnReservationId: server.return_reservation_id === true,
  };
}

/** There are no networks: only "none" (or "auto", which finds none to attach) and []. */
function checkNetworks(networks: unknown, minor: number): void {
  if (networks === undefined) {
    if (minor >= 37) throw invalid('server', "'networks' is a required property");
    return;
  }
  if (networks === 'none' || networks === 'auto') {
    if (minor < 37) throw invalid('networks', `'${networks}' requires microversion 2.37.`);
    return;
  }
  if (!Array.isArray(networks)) throw invalid('networks', 'Must be "none", "auto" or a list.');
  for (const network of networks as unknown[]) {
    const net = isObject(network) ? network : {};
    if (typeof net.port === 'string') throw new NovaError(400, `Port ${net.port} not found.`);
    throw new NovaError(400, `Network ${String(net.uuid)} could not be found.`);
  }
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
