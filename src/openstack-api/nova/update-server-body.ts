import { invalidInput, pyRepr, type ServerUpdate } from '../../simulator';
import { accessIpsOf, diskConfigOf } from './create-server-body';
import { additionalProperties, bodyWith, isObject } from './nova-body';
import { NovaError } from './nova-errors';

const INVALID_NAME =
  "An invalid 'name' value was provided. The name must be: printable characters. " +
  'Can not start or end with whitespace.';

/** Fields `PUT /servers/{id}` takes besides the name and description. */
const OTHER_FIELDS = ['accessIPv4', 'accessIPv6', 'OS-DCF:diskConfig'];

/**
 * Reads `PUT /servers/{id}` as Nova's schema does (`update`, `update_v219`,
 * `update_v290` in nova/api/openstack/compute/schemas/servers.py): `name`, `accessIPv4`,
 * `accessIPv6`, `OS-DCF:diskConfig`, and from 2.19 `description` (a string or null).
 * Throws Nova's 400s.
 */
export function parseUpdateServer(body: unknown, minor: number): ServerUpdate {
  return bodyWith(body, 'server', (server) => {
    if (!isObject(server)) {
      throw invalidInput('server', server, `${pyRepr(server)} is not of type 'object'`);
    }
    const update: ServerUpdate = { ...accessIpsOf(server), ...diskConfigOf(server) };
    if (Object.hasOwn(server, 'name')) update.name = nameOf(server.name);
    if (minor >= 19 && Object.hasOwn(server, 'description')) {
      update.description = descriptionOf(server.description);
    }
    const allowed = ['name', ...OTHER_FIELDS, ...(minor >= 19 ? ['description'] : [])];
    if (minor >= 90) allowed.push('hostname');
    const extras = Object.keys(server).filter((key) => !allowed.includes(key));
    if (extras.length > 0) {
      throw invalidInput('server', server, additionalProperties(extras));
    }
    if (Object.hasOwn(server, 'hostname')) {
      throw new NovaError(400, 'Changing hostname is not supported by this simulator.');
    }
    return update;
  });
}

/** `parameter_types.name`: 1–255 printable characters, no space at either end. */
export function nameOf(value: unknown): string {
  if (typeof value !== 'string') {
    throw invalidInput('name', value, `${pyRepr(value)} is not of type 'string'`);
  }
  const chars = [...value];
  if (chars.length < 1) throw invalidInput('name', value, `${pyRepr(value)} is too short`);
  if (chars.length > 255) throw invalidInput('name', value, `${pyRepr(value)} is too long`);
  const edges = [chars[0], chars[chars.length - 1]];
  if (!chars.every(printable) || !edges.every((c) => printable(c) && !/\p{Zs}/u.test(c))) {
    throw new NovaError(400, INVALID_NAME);
  }
  return value;
}

/** `parameter_types.description`: null, or 0–255 printable characters. */
function descriptionOf(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') {
    throw invalidInput('description', value, `${pyRepr(value)} is not of type 'string', 'null'`);
  }
  if ([...value].length > 255) {
    throw invalidInput('description', value, `${pyRepr(value)} is too long`);
  }
  if (![...value].every(printable)) {
    throw invalidInput(
      'description',
      value,
      `${pyRepr(value)} does not match printable characters`,
    );
  }
  return value;
}

/**
 * Nova's "printable" (parameter_types._is_printable, over the Basic Multilingual Plane):
 * no control, format or unassigned characters, and of the separators only spaces.
 */
function printable(char: string): boolean {
  if ((char.codePointAt(0) ?? 0) >= 0xffff) return false;
  return !/\p{C}/u.test(char) && (!/\p{Z}/u.test(char) || /\p{Zs}/u.test(char));
}
