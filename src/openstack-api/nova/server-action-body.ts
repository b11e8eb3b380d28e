import type {
  DiskConfig,
  RebootType,
  RebuildRequest,
  SimpleServerAction,
} from '../../compute/cloud-records';
import { accessIpsOf, diskConfigOf } from './create-server-body';
import { checkMetadata, invalidInput, pyRepr } from '../../simulator';
import { NovaError } from './nova-errors';

/** The server actions the simulator carries out. */
export type ServerAction =
  | { kind: 'start' }
  | { kind: 'stop' }
  | { kind: 'reboot'; type: RebootType }
  | { kind: 'createImage'; name: string; metadata: Record<string, string> }
  | { kind: 'simple'; action: SimpleServerAction }
  | { kind: 'resize'; flavorId: string; diskConfig?: DiskConfig }
  | ({ kind: 'rebuild' } & RebuildRequest)
  | { kind: 'changePassword' }
  | {
      kind: 'createBackup';
      name: string;
      type: string;
      rotation: number;
      metadata: Record<string, string>;
    }
  | { kind: 'forceDelete' }
  | { kind: 'restore' }
  | { kind: 'rescue'; imageId?: string }
  | { kind: 'lock'; reason?: string }
  | { kind: 'unlock' }
  | { kind: 'console'; lines?: number };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Actions whose body is `{"<name>": null}` and that need nothing else. */
const SIMPLE: readonly SimpleServerAction[] = [
  'pause',
  'unpause',
  'suspend',
  'resume',
  'unrescue',
  'shelve',
  'shelveOffload',
  'unshelve',
  'confirmResize',
  'revertResize',
];

const invalid = (field: string, why: string) =>
  new NovaError(400, `Invalid input for field/attribute ${field}. ${why}`);

/** Reads `POST /servers/{id}/action`: `{"<action>": <arguments>}`; Nova's 400s otherwise. */
export function parseServerAction(body: unknown, minor: number): ServerAction {
  if (!isObject(body) || Object.keys(body).length === 0) {
    throw new NovaError(400, 'Malformed request body');
  }
  const [name, args] = Object.entries(body)[0];
  if ((SIMPLE as readonly string[]).includes(name)) {
    return { kind: 'simple', action: name as SimpleServerAction };
  }
  switch (name) {
    case 'os-start':
      return { kind: 'start' };
    case 'os-stop':
      return { kind: 'stop' };
    case 'reboot': {
      const type = isObject(args) && typeof args.type === 'string' ? args.type.toUpperCase() : '';
      if (type !== 'SOFT' && type !== 'HARD') {
        throw invalid('type', "Value must be one of 'SOFT', 'HARD'.");
      }
      return { kind: 'reboot', type };
    }
    case 'createImage': {
      const imageName = isObject(args) ? args.name : undefined;
      if (typeof imageName !== 'string' || imageName.length < 1 || imageName.length > 255) {
        throw invalid('createImage', "'name' is a required property (1-255 characters).");
      }
      const metadata = isObject(args) && args.metadata !== undefined ? args.metadata : {};
      return { kind: 'createImage', name: imageName, metadata: checkMetadata(metadata) };
    }
    case 'resize': {
      const flavorRef = isObject(args) ? args.flavorRef : undefined;
      if ((typeof flavorRef !== 'string' && typeof flavorRef !== 'number') || flavorRef === '') {
        throw invalid('resize', "'flavorRef' is a required property");
      }
      return { kind: 'resize', flavorId: String(flavorRef), ...diskConfigOf(args as Json) };
    }
    case 'rebuild': {
      const imageRef = isObject(args) ? args.imageRef : undefined;
      if (typeof imageRef !== 'string' || imageRef === '') {
        throw invalid('rebuild', "'imageRef' is a required property");
      }
      const newName = isObject(args) ? args.name : undefined;
      if (
        newName !== undefined &&
        (typeof newName !== 'string' || !/^\S(.{0,253}\S)?$/.test(newName))
      ) {
        throw invalid('name', 'A name of 1-255 characters, not starting or ending with a space.');
      }
      return {
        kind: 'rebuild',
        imageId: imageRef,
        name: newName,
        metadata: metadataOf(args),
        ...accessIpsOf(args as Json),
        ...diskConfigOf(args as Json),
        ...(minor >= 57 && isObject(args) && Object.hasOwn(args, 'user_data')
          ? { userData: rebuildUserData(args.user_data) }
          : {}),
      };
    }
    case 'rescue': {
      const ref = isObject(args) ? args.rescue_image_ref : undefined;
      if (ref !== undefined && typeof ref !== 'string') {
        throw invalid('rescue_image_ref', 'It must be a string.');
      }
      return { kind: 'rescue', imageId: ref };
    }
    case 'lock': {
      const reason = isObject(args) ? args.locked_reason : undefined;
      if (reason !== undefined && minor < 73) {
        throw invalid(
          'lock',
          "Additional properties are not allowed ('locked_reason' was unexpected)",
        );
      }
      if (reason !== undefined && (typeof reason !== 'string' || reason.length > 255)) {
        throw invalid('locked_reason', 'A string of at most 255 characters.');
      }
      return { kind: 'lock', reason };
    }
    case 'unlock':
      return { kind: 'unlock' };
    case 'changePassword': {
      const password = isObject(args) ? args.adminPass : undefined;
      if (!isObject(args) || !Object.hasOwn(args, 'adminPass')) {
        throw invalid('changePassword', "'adminPass' is a required property");
      }
      if (typeof password !== 'string') {
        throw invalidInput('adminPass', password, `${pyRepr(password)} is not of type 'string'`);
      }
      return { kind: 'changePassword' };
    }
    case 'createBackup':
      return backupOf(args);
    case 'forceDelete':
      return { kind: 'forceDelete' };
    case 'restore':
      return { kind: 'restore' };
    case 'os-getConsoleOutput': {
      if (!isObject(args)) {
        // Nova's schema error, e.g. "Value: None. None is not of type 'object'".
        const shown = args === null ? 'None' : JSON.stringify(args);
        throw invalid('os-getConsoleOutput', `Value: ${shown}. ${shown} is not of type 'object'`);
      }
      const raw = args.length;
      if (raw === undefined || raw === null) return { kind: 'console' };
      const length = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
      if (typeof length !== 'number' || !Number.isInteger(length) || length < -1) {
        throw invalid('length', 'It must be an integer of -1 or more.');
      }
      // Nova passes -1 on to its tail, which then drops the first line: so does the simulator.
      return { kind: 'console', lines: length };
    }
    default:
      throw new NovaError(400, `There is no such action: ${name}`);
  }
}

/** An action's `metadata`: string values only, as Nova's schema takes them. */
function metadataOf(args: unknown): Record<string, string> | undefined {
  if (!isObject(args) || args.metadata === undefined) return undefined;
  const metadata = args.metadata;
  if (!isObject(metadata) || Object.values(metadata).some((v) => typeof v !== 'string')) {
    throw invalid('metadata', 'Values are strings.');
  }
  return metadata as Record<string, string>;
}

/**
 * `createBackup` as Nova's schema takes it: `name`, `backup_type` (a string) and
 * `rotation` (a non-negative integer, or its digits), all required; `metadata` optional.
 */
function backupOf(args: unknown): ServerAction {
  if (!isObject(args)) {
    throw invalidInput('createBackup', args, `${pyRepr(args)} is not of type 'object'`);
  }
  for (const field of ['name', 'backup_type', 'rotation']) {
    if (!Object.hasOwn(args, field))
      throw invalid('createBackup', `'${field}' is a required property`);
  }
  const { name, backup_type: type, rotation } = args;
  if (typeof name !== 'string' || name.length < 1 || name.length > 255) {
    throw invalidInput('name', name, `${pyRepr(name)} is not a valid name (1-255 characters)`);
  }
  if (typeof type !== 'string') {
    throw invalidInput('backup_type', type, `${pyRepr(type)} is not of type 'string'`);
  }
  const count =
    typeof rotation === 'string' && /^\d+$/.test(rotation) ? Number(rotation) : rotation;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw invalidInput('rotation', rotation, `${pyRepr(rotation)} is not a non-negative integer`);
  }
  const metadata = args.metadata === undefined ? {} : checkMetadata(args.metadata);
  return { kind: 'createBackup', name, type, rotation: count, metadata };
}

/** A rebuild's `user_data` (2.57): base64 of at most 64 KiB, or null to drop it. */
function rebuildUserData(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4) {
    throw invalidInput('user_data', value, `${pyRepr(value)} is not a 'base64'`);
  }
  if (Buffer.from(value, 'base64').length > 65535) {
    throw invalidInput('user_data', value, `${pyRepr(value)} is too long`);
  }
  return value;
}
