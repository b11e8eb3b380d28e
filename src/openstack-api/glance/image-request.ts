import type { ImageChanges, MockImageEntity, NewImage } from '../../simulator';
import { GlanceError } from './glance-errors';
import { validateImage } from './image-validation';

/** Attributes Glance computes: a create or patch naming them is refused (403). */
export const READ_ONLY = new Set([
  'id',
  'status',
  'size',
  'virtual_size',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'created_at',
  'updated_at',
  'direct_url',
  'self',
  'file',
  'schema',
  'stores',
]);

/** Attributes Glance keeps to itself (403 "… is reserved."). */
const RESERVED = new Set(['location', 'deleted', 'deleted_at']);
const RESERVED_PREFIX = 'os_glance_';

/** A create may name the id, and names the hashes to no effect (Glance ignores them). */
const IGNORED_ON_CREATE = new Set(['os_hash_algo', 'os_hash_value']);

/** Glance's base attributes, by their wire name, and the simulator's field for each. */
export const BASE_FIELDS = {
  name: 'name',
  disk_format: 'diskFormat',
  container_format: 'containerFormat',
  visibility: 'visibility',
  protected: 'isProtected',
  os_hidden: 'osHidden',
  min_ram: 'minRamMb',
  min_disk: 'minDiskGb',
  tags: 'tags',
  owner: 'ownerProjectId',
} as const satisfies Record<string, keyof MockImageEntity>;

export type BaseAttribute = keyof typeof BASE_FIELDS;

export const isBase = (name: string): name is BaseAttribute => Object.hasOwn(BASE_FIELDS, name);
export const isReserved = (name: string) => RESERVED.has(name) || name.startsWith(RESERVED_PREFIX);

const reserved = (name: string) => GlanceError.detailed(403, `Attribute '${name}' is reserved.`);

/** Glance's 400 for a negative `min_ram`/`min_disk`. */
export function checkNotNegative(name: string, value: unknown): void {
  if (typeof value === 'number' && value < 0) {
    throw new GlanceError(
      400,
      `Invalid value '${value}' for parameter '${name}': Cannot be a negative value`,
    );
  }
}

/**
 * A `POST /v2/images` body as Glance reads it: the schema first (400), then computed
 * attributes (403 "read-only"), `locations` and reserved ones (403), then the minimums.
 * Unset attributes take Glance's defaults (`shared`, not protected, no formats).
 */
export function newImageOf(body: unknown): NewImage {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GlanceError(400, 'Malformed JSON in request body.');
  }
  const fields = body as Record<string, unknown>;
  validateImage(fields);
  for (const name of Object.keys(fields)) {
    if (READ_ONLY.has(name) && name !== 'id' && !IGNORED_ON_CREATE.has(name)) {
      throw new GlanceError(403, `Attribute '${name}' is read-only.`);
    }
    if (name === 'locations') throw new GlanceError(403, "Attribute 'locations' is reserved.");
    if (isReserved(name)) throw reserved(name);
  }
  checkNotNegative('min_ram', fields.min_ram);
  checkNotNegative('min_disk', fields.min_disk);
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (isBase(name) || READ_ONLY.has(name) || typeof value !== 'string') continue;
    properties[name] = value;
  }
  const image: NewImage = {
    name: (fields.name as string | null | undefined) ?? null,
    diskFormat: (fields.disk_format as string | null | undefined) ?? null,
    containerFormat: (fields.container_format as string | null | undefined) ?? null,
    visibility: (fields.visibility as string | undefined) ?? 'shared',
    isProtected: (fields.protected as boolean | undefined) ?? false,
    osHidden: (fields.os_hidden as boolean | undefined) ?? false,
    minRamMb: (fields.min_ram as number | undefined) ?? 0,
    minDiskGb: (fields.min_disk as number | undefined) ?? 0,
    tags: (fields.tags as string[] | undefined) ?? [],
    properties,
  };
  if (typeof fields.id === 'string') image.id = fields.id.toLowerCase();
  if (Object.hasOwn(fields, 'owner')) image.ownerProjectId = fields.owner as string | null;
  return image;
}

/** One change of a JSON patch, decoded. */
interface PatchChange {
  op: 'add' | 'remove' | 'replace';
  path: string[];
  value?: unknown;
}

const OPS = ['add', 'remove', 'replace'] as const;

/** The patch media types Glance takes, with the patch format each names. */
export const PATCH_TYPES: Record<string, '2.0' | '2.1'> = {
  'application/openstack-images-v2.0-json-patch': '2.0',
  'application/openstack-images-v2.1-json-patch': '2.1',
};

/**
 * Reads a `PATCH /v2/images/{id}` body as Glance's deserializer does, change by change:
 * the operation (`{"op": "replace", "path": …}` in 2.1, `{"replace": path}` in 2.0),
 * the JSON pointer (one level: an attribute), what may be changed (403), and the new
 * value against the image schema (400).
 */
export function readPatch(body: unknown, format: '2.0' | '2.1'): PatchChange[] {
  if (!Array.isArray(body)) {
    throw new GlanceError(400, 'Request body must be a JSON array of operation objects.');
  }
  return body.map((raw: unknown) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new GlanceError(400, 'Operations must be JSON objects.');
    }
    const change = raw as Record<string, unknown>;
    const { op, pointer } = operationOf(change, format);
    const path = decodePointer(pointer);
    if (path.length > 1) {
      throw new GlanceError(400, `Invalid JSON pointer for this resource: '/${path.join('/')}'`);
    }
    const [name] = path;
    if (READ_ONLY.has(name)) throw new GlanceError(403, `Attribute '${name}' is read-only.`);
    if (isReserved(name)) throw new GlanceError(403, `Attribute '${name}' is reserved.`);
    if (op === 'remove') return { op, path };
    if (!Object.hasOwn(change, 'value')) {
      throw new GlanceError(400, `Operation "${op}" requires a member named "value".`);
    }
    if (name !== 'locations') validateImage({ [name]: change.value });
    return { op, path, value: change.value };
  });
}

function operationOf(
  change: Record<string, unknown>,
  format: '2.0' | '2.1',
): { op: PatchChange['op']; pointer: unknown } {
  const missing = () =>
    new GlanceError(
      400,
      'Unable to find `op` in JSON Schema change. It must be one of the following: ' +
        `${OPS.join(', ')}.`,
    );
  if (format === '2.0') {
    const op = OPS.find((name) => Object.hasOwn(change, name));
    if (!op) throw missing();
    return { op, pointer: change[op] };
  }
  if (!Object.hasOwn(change, 'op')) throw missing();
  const op = change.op;
  if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op)) {
    throw new GlanceError(
      400,
      `Invalid operation: \`${String(op)}\`. It must be one of the following: ${OPS.join(', ')}.`,
    );
  }
  if (!Object.hasOwn(change, 'path')) {
    throw new GlanceError(400, "Unable to find 'path' in JSON Schema change");
  }
  return { op: op as PatchChange['op'], pointer: change.path };
}

/** Glance's JSON pointer rules, then `~1` → `/` and `~0` → `~` in each part. */
function decodePointer(pointer: unknown): string[] {
  const text = String(pointer);
  const bad = (why: string) => new GlanceError(400, `Pointer \`${text}\` ${why}`);
  if (!text.startsWith('/')) throw bad('does not start with "/".');
  if (text.includes('//')) throw bad('contains adjacent "/".');
  if (text.length > 1 && text.endsWith('/')) throw bad('end with "/".');
  if (/~(?![01])/.test(text)) throw bad('contains "~" not part of a recognized escape sequence.');
  return text
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~').trim());
}

/**
 * Applies the changes to the image, in order, as Glance's domain does, and returns what
 * to save. `replace` and `remove` need the attribute to exist (409); base attributes
 * cannot be removed (403); only an admin changes the owner (403); `locations` are
 * hidden, so never changed (403).
 */
export function applyPatch(
  image: MockImageEntity,
  changes: PatchChange[],
  admin: boolean,
): ImageChanges {
  const out: ImageChanges = {};
  const properties = { ...image.properties };
  let propertiesChanged = false;
  for (const { op, path, value } of changes) {
    const [name] = path;
    if (name === 'locations') {
      const verb = op === 'replace' ? 'update' : op;
      throw new GlanceError(
        403,
        `It's not allowed to ${verb} locations if locations are invisible.`,
      );
    }
    if (isBase(name)) {
      if (op === 'remove') {
        throw GlanceError.detailed(403, `Property ${name} may not be removed.`);
      }
      if (name === 'owner' && !admin) {
        throw GlanceError.detailed(403, "Owner can't be updated by non admin.");
      }
      if (name === 'min_ram' || name === 'min_disk') checkNotNegative(name, value);
      Object.assign(out, { [BASE_FIELDS[name]]: value });
      continue;
    }
    const exists = Object.hasOwn(properties, name);
    if ((op === 'replace' || op === 'remove') && !exists) {
      throw GlanceError.detailed(409, `Property ${name} does not exist.`);
    }
    if (op === 'remove') delete properties[name];
    else properties[name] = value as string;
    propertiesChanged = true;
  }
  if (propertiesChanged) out.properties = properties;
  return out;
}
