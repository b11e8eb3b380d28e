import type { CloudKeypairType } from '../../compute/cloud-records';
import { checkKeypairName } from '../../simulator';
import { NovaError } from './nova-errors';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What `POST /os-keypairs` asks for. */
export interface NovaKeypairCreate {
  name: string;
  /** Absent: generate one (below 2.92 only). */
  publicKey?: string;
  type: CloudKeypairType;
  /** 2.10: the user to create it for (admins only). */
  userId?: string;
}

/**
 * Reads `POST /os-keypairs` as Nova's schemas do (nova/api/openstack/compute/schemas/
 * keypairs.py): `{"keypair": {"name", "public_key"?, "type"? (2.2), "user_id"? (2.10)}}`,
 * nothing else; `public_key` required from 2.92; the name's characters by microversion.
 * Errors carry jsonschema's wording in Nova's frame, the shallowest one first, as Nova's
 * validator reports them.
 */
export function parseKeypairCreate(body: unknown, minor: number): NovaKeypairCreate {
  if (!isObject(body)) throw schemaError(`${pyRepr(body)} is not of type 'object'`);
  if (!('keypair' in body)) throw schemaError("'keypair' is a required property");
  rejectExtra(body, ['keypair']);
  const keypair = body.keypair;
  if (!isObject(keypair)) {
    throw fieldError('keypair', keypair, `${pyRepr(keypair)} is not of type 'object'`);
  }
  const required = minor >= 92 ? ['name', 'public_key'] : ['name'];
  for (const field of required) {
    if (!(field in keypair)) {
      throw fieldError('keypair', keypair, `'${field}' is a required property`);
    }
  }
  const allowed = ['name', 'public_key'];
  if (minor >= 2) allowed.push('type');
  if (minor >= 10) allowed.push('user_id');
  rejectExtra(keypair, allowed, 'keypair');

  const name = keypair.name;
  if (typeof name !== 'string') {
    throw fieldError('name', name, `${pyRepr(name)} is not of type 'string'`);
  }
  if (name.length < 1) throw fieldError('name', name, `${pyRepr(name)} is too short`);
  if (name.length > 255) throw fieldError('name', name, `${pyRepr(name)} is too long`);
  try {
    checkKeypairName(name, minor);
  } catch (error) {
    throw new NovaError(400, (error as Error).message);
  }
  const publicKey = keypair.public_key;
  if (publicKey !== undefined && typeof publicKey !== 'string') {
    throw fieldError('public_key', publicKey, `${pyRepr(publicKey)} is not of type 'string'`);
  }
  const type = keypair.type ?? 'ssh';
  if (type !== 'ssh' && type !== 'x509') {
    throw fieldError('type', type, `${pyRepr(type)} is not one of ['ssh', 'x509']`);
  }
  const userId = keypair.user_id;
  if (userId !== undefined && typeof userId !== 'string') {
    throw fieldError('user_id', userId, `${pyRepr(userId)} is not of type 'string'`);
  }
  return { name, publicKey, type, userId };
}

/**
 * The query parameters a key pair call takes; from 2.75 anything else is 400, as Nova's
 * query schemas then forbid additional properties.
 */
export function checkKeypairQuery(query: Json, minor: number, allowed: string[]): void {
  if (minor < 75) return;
  const extra = Object.keys(query).filter((key) => !allowed.includes(key));
  if (extra.length > 0) {
    throw new NovaError(
      400,
      `Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ` +
        `${extra.length === 1 ? 'was' : 'were'} unexpected)`,
    );
  }
}

function rejectExtra(object: Json, allowed: string[], field?: string): void {
  const extra = Object.keys(object).filter((key) => !allowed.includes(key));
  if (extra.length === 0) return;
  const message =
    `Additional properties are not allowed (${extra.map((k) => pyRepr(k)).join(', ')} ` +
    `${extra.length === 1 ? 'was' : 'were'} unexpected)`;
  throw field === undefined ? schemaError(message) : fieldError(field, object, message);
}

const schemaError = (message: string) => new NovaError(400, message);

/** Nova's frame of a schema error at a field: `Value` is the value as Python prints it. */
function fieldError(field: string, value: unknown, message: string): NovaError {
  const shown = typeof value === 'string' ? value : pyRepr(value);
  return new NovaError(
    400,
    `Invalid input for field/attribute ${field}. Value: ${shown}. ${message}`,
  );
}

/** A JSON value as Python's `repr` writes it (dicts in their order, strings single-quoted). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  const entries = Object.entries(value as Json).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`);
  return `{${entries.join(', ')}}`;
}
