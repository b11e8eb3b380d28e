import { CloudBadRequestError } from '../../compute/cloud-errors';
import { MAX_SERVER_TAGS, MAX_TAG_LENGTH, TAG_PATTERN, tagLength } from '../../compute/server-tags';
import type { NovaStateRule } from './nova-state-rules';
import { TaskState, VmState } from './nova-status';
import { pyRepr, pyStr } from './python-text';

/**
 * Nova's rules for changing a server without an action: its metadata
 * (nova/compute/api.py `update_instance_metadata`, `delete_instance_metadata`) and its
 * tags (nova/api/openstack/compute/server_tags.py), with the texts of Nova's 400s.
 */

/** The vm_states in which metadata and tags may change. */
const EDITABLE = [VmState.Active, VmState.Paused, VmState.Suspended, VmState.Stopped];

/** Metadata: not while a task is in progress, nor on a locked server (to non-admins). */
const metadataRule = (name: string): NovaStateRule => ({
  name,
  vmStates: EDITABLE,
  taskStates: [null] as readonly (TaskState | null)[],
  checksLock: true,
});

/** Tags: during any task, and on a locked server too (Nova checks no lock for them). */
const tagRule = (name: string): NovaStateRule => ({
  name,
  vmStates: EDITABLE,
  taskStates: 'any',
  checksLock: false,
});

export const EDIT_RULES = {
  updateMetadata: metadataRule('update metadata'),
  deleteMetadata: metadataRule('delete metadata'),
  updateTag: tagRule('update tag'),
  updateTags: tagRule('update tags'),
  deleteTag: tagRule('delete tag'),
  deleteTags: tagRule('delete tags'),
} as const;

/** Nova's default `metadata_items` quota: the most pairs a server may carry. */
export const MAX_METADATA_ITEMS = 128;

/** Nova's metadata key pattern (`parameter_types.metadata`); values are strings of ≤ 255. */
export const METADATA_KEY_PATTERN = '^[a-zA-Z0-9-_:. ]{1,255}$';
const METADATA_KEY = /^[a-zA-Z0-9\-_:. ]{1,255}$/;
const MAX_METADATA_VALUE = 255;

/** Nova's 400 for a body value its JSON schema refuses. */
export function invalidInput(path: string | number, value: unknown, message: string) {
  return new CloudBadRequestError(
    `Invalid input for field/attribute ${path}. Value: ${pyStr(value)}. ${message}`,
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A metadata map as Nova's schema takes it (`field` names it in messages: `metadata`, or
 * `meta` for one item, which must then hold exactly one pair). Throws Nova's 400.
 */
export function checkMetadata(
  value: unknown,
  field = 'metadata',
  exactlyOne = false,
): Record<string, string> {
  if (!isObject(value))
    throw invalidInput(field, value, `${pyRepr(value)} is not of type 'object'`);
  const entries = Object.entries(value);
  for (const [key, item] of entries) {
    if (!METADATA_KEY.test(key)) continue;
    if (typeof item !== 'string') {
      throw invalidInput(key, item, `${pyRepr(item)} is not of type 'string'`);
    }
    if (tagLength(item) > MAX_METADATA_VALUE) {
      throw invalidInput(key, item, `${pyRepr(item)} is too long`);
    }
  }
  const bad = entries
    .map(([key]) => key)
    .filter((key) => !METADATA_KEY.test(key))
    .sort();
  if (bad.length > 0) {
    const verb = bad.length === 1 ? 'does' : 'do';
    throw invalidInput(
      field,
      value,
      `${bad.map(pyRepr).join(', ')} ${verb} not match any of the regexes: '${METADATA_KEY_PATTERN}'`,
    );
  }
  if (exactlyOne && entries.length < 1) {
    throw invalidInput(field, value, `${pyRepr(value)} does not have enough properties`);
  }
  if (exactlyOne && entries.length > 1) {
    throw invalidInput(field, value, `${pyRepr(value)} has too many properties`);
  }
  return value as Record<string, string>;
}

/** A list of tags as `PUT /servers/{id}/tags` takes it (`tags`). Throws Nova's 400. */
export function checkTagList(tags: unknown): string[] {
  if (!Array.isArray(tags))
    throw invalidInput('tags', tags, `${pyRepr(tags)} is not of type 'array'`);
  tags.forEach((tag: unknown, i) => {
    const problem = tagSchemaProblem(tag);
    if (problem) throw invalidInput(i, tag, problem);
  });
  if (tags.length > MAX_SERVER_TAGS) {
    throw invalidInput('tags', tags, `${pyRepr(tags)} is too long`);
  }
  return tags as string[];
}

/** One tag as `PUT /servers/{id}/tags/{tag}` takes it. Throws Nova's 400. */
export function checkTag(tag: string): void {
  const problem = tagSchemaProblem(tag);
  if (problem) {
    throw new CloudBadRequestError(
      `Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. ` +
        `Validation error message: ${problem}`,
    );
  }
}

/** The per-server limit, as Nova words it when a tag would go over it. */
export function tooManyTags(): CloudBadRequestError {
  return new CloudBadRequestError(
    `The number of tags exceeded the per-server limit ${MAX_SERVER_TAGS}`,
  );
}

/** jsonschema's text for a tag that fails `parameter_types.tag`, or null. */
function tagSchemaProblem(tag: unknown): string | null {
  if (typeof tag !== 'string') return `${pyRepr(tag)} is not of type 'string'`;
  const length = tagLength(tag);
  if (length < 1) return `${pyRepr(tag)} is too short`;
  if (length > MAX_TAG_LENGTH) return `${pyRepr(tag)} is too long`;
  if (/[,/]/.test(tag)) return `${pyRepr(tag)} does not match '${TAG_PATTERN}'`;
  return null;
}
