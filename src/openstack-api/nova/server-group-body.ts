import {
  invalidInput,
  pyRepr,
  type ServerGroupCreate,
  type ServerGroupPolicy,
} from '../../simulator';
import type { Query } from '../http/query';
import { additionalProperties, bodyWith, isObject } from './nova-body';
import { NovaError } from './nova-errors';
import { nameOf } from './update-server-body';

/** The policies `POST /os-server-groups` takes: the soft ones from 2.15. */
const policiesAt = (minor: number): ServerGroupPolicy[] =>
  minor >= 15
    ? ['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity']
    : ['anti-affinity', 'affinity'];

const notOfType = (value: unknown, type: string) => `${pyRepr(value)} is not of type ${type}`;
const notOneOf = (value: unknown, options: string[]) =>
  `${pyRepr(value)} is not one of ${pyRepr(options)}`;

/**
 * Reads `POST /os-server-groups` as Nova's schemas do (`create`, `create_v215`,
 * `create_v264` in nova/api/openstack/compute/schemas/server_groups.py), with
 * jsonschema's texts in the order it finds them: `{"server_group": {"name", "policies":
 * [one policy]}}` below 2.64, `{"server_group": {"name", "policy", "rules"?}}` from
 * 2.64, nothing else. Then, as Nova's controller does, rules go with anti-affinity only.
 */
export function parseServerGroupCreate(body: unknown, minor: number): ServerGroupCreate {
  const create = bodyWith(body, 'server_group', (group) => {
    if (!isObject(group)) {
      throw invalidInput('server_group', group, notOfType(group, "'object'"));
    }
    const byPolicyObject = minor >= 64;
    const name = Object.hasOwn(group, 'name') ? nameOf(group.name) : undefined;
    let policy: ServerGroupPolicy | undefined;
    let rules: ServerGroupCreate['rules'];
    if (byPolicyObject) {
      if (Object.hasOwn(group, 'policy')) policy = policyOf(group.policy, minor);
      if (Object.hasOwn(group, 'rules')) rules = rulesOf(group.rules);
    } else if (Object.hasOwn(group, 'policies')) {
      policy = policiesOf(group.policies, minor);
    }
    const required = ['name', byPolicyObject ? 'policy' : 'policies'];
    const missing = required.find((key) => !Object.hasOwn(group, key));
    if (missing) throw invalidInput('server_group', group, `'${missing}' is a required property`);
    const allowed = byPolicyObject ? ['name', 'policy', 'rules'] : ['name', 'policies'];
    const extras = Object.keys(group).filter((key) => !allowed.includes(key));
    if (extras.length > 0) throw invalidInput('server_group', group, additionalProperties(extras));
    return { name: name!, policy: policy!, ...(rules === undefined ? {} : { rules }) };
  });
  return create;
}

/**
 * The check Nova's controller makes after the quota check: rules are for the
 * anti-affinity policy only.
 */
export function checkRules(create: ServerGroupCreate): void {
  if (create.policy !== 'anti-affinity' && Object.keys(create.rules ?? {}).length > 0) {
    throw new NovaError(400, 'Only anti-affinity policy supports rules.');
  }
}

/** `policies` below 2.64: a list of exactly one known policy. */
function policiesOf(value: unknown, minor: number): ServerGroupPolicy {
  if (!Array.isArray(value)) throw invalidInput('policies', value, notOfType(value, "'array'"));
  const allowed = policiesAt(minor);
  if (value.length > 0) {
    const first: unknown = value[0];
    if (typeof first !== 'string') throw invalidInput(0, first, notOfType(first, "'string'"));
    if (!allowed.includes(first as ServerGroupPolicy)) {
      throw invalidInput(0, first, notOneOf(first, allowed));
    }
  }
  if (new Set(value.map((item) => JSON.stringify(item))).size < value.length) {
    throw invalidInput('policies', value, `${pyRepr(value)} has non-unique elements`);
  }
  if (value.length < 1) throw invalidInput('policies', value, `${pyRepr(value)} is too short`);
  if (value.length > 1) throw invalidInput('policies', value, `${pyRepr(value)} is too long`);
  return value[0] as ServerGroupPolicy;
}

/** `policy` from 2.64: one of the four policies. */
function policyOf(value: unknown, minor: number): ServerGroupPolicy {
  if (typeof value !== 'string') throw invalidInput('policy', value, notOfType(value, "'string'"));
  const allowed = policiesAt(minor);
  if (!allowed.includes(value as ServerGroupPolicy)) {
    throw invalidInput('policy', value, notOneOf(value, allowed));
  }
  return value as ServerGroupPolicy;
}

/** `rules` from 2.64: `{}` or `{"max_server_per_host": <positive integer>}`. */
function rulesOf(value: unknown): ServerGroupCreate['rules'] {
  if (!isObject(value)) throw invalidInput('rules', value, notOfType(value, "'object'"));
  const rules: NonNullable<ServerGroupCreate['rules']> = {};
  if (Object.hasOwn(value, 'max_server_per_host')) {
    rules.max_server_per_host = positiveInteger('max_server_per_host', value.max_server_per_host);
  }
  const extras = Object.keys(value).filter((key) => key !== 'max_server_per_host');
  if (extras.length > 0) throw invalidInput('rules', value, additionalProperties(extras));
  return rules;
}

/**
 * `parameter_types.positive_integer`: an integer of at least 1, or a string of digits
 * (which Nova keeps as given).
 */
function positiveInteger(field: string, value: unknown): number | string {
  const isInteger = typeof value === 'number' && Number.isInteger(value);
  if (!isInteger && typeof value !== 'string') {
    throw invalidInput(field, value, notOfType(value, "'integer', 'string'"));
  }
  if (typeof value === 'string') {
    if (!/^[0-9]*$/.test(value)) {
      throw invalidInput(field, value, `${pyRepr(value)} does not match '^[0-9]*$'`);
    }
    if (value.length < 1) throw invalidInput(field, value, `${pyRepr(value)} is too short`);
    return value;
  }
  if (value < 1) {
    throw invalidInput(field, value, `${pyRepr(value)} is less than the minimum of 1`);
  }
  return value;
}

/**
 * The query of `GET /os-server-groups` (`server_groups_query_param[_275]`): `limit` and
 * `offset` non-negative integers, anything else refused from 2.75. Returns the page bounds
 * and whether `all_projects` was given (with any value, as Nova reads it).
 */
export function parseServerGroupQuery(
  query: Query,
  minor: number,
): { offset: number; limit: number | undefined; allProjects: boolean } {
  const known = ['all_projects', 'limit', 'offset'];
  const bound = (name: string): number | undefined => {
    const raw = query[name];
    if (raw === undefined) return undefined;
    // Nova validates every value given, and uses the last one.
    const values = [raw].flat();
    for (const value of values) {
      if (!/^[0-9]*$/.test(value)) {
        throw new NovaError(
          400,
          `Invalid input for query parameters ${name}. Value: ${value}. ` +
            `${pyRepr(value)} does not match '^[0-9]*$'`,
        );
      }
      if (value.length < 1) {
        throw new NovaError(
          400,
          `Invalid input for query parameters ${name}. Value: ${value}. ` +
            `${pyRepr(value)} is too short`,
        );
      }
    }
    return Number(values[values.length - 1]);
  };
  const limit = bound('limit');
  const offset = bound('offset') ?? 0;
  if (minor >= 75) {
    const extras = Object.keys(query).filter((key) => !known.includes(key));
    if (extras.length > 0) throw new NovaError(400, additionalProperties(extras));
  }
  return { offset, limit, allProjects: query.all_projects !== undefined };
}
