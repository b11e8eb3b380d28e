import { canonicalIp } from '../../common/net/ip-address';
import { pythonRepr } from '../http/python-repr';
import { param, params, withQuery, type Query } from '../http/query';
import { invalidInput, NeutronError } from './neutron-errors';
import type { NeutronView } from './neutron-views';

/** Query parameters that are not attribute filters. */
const CONTROL = new Set(['fields', 'limit', 'marker', 'page_reverse', 'sort_key', 'sort_dir']);
/** Tag filters: the simulated resources have no tags. */
const TAG_FILTERS = new Set(['tags', 'tags-any', 'not-tags', 'not-tags-any']);
const BOOLEAN = new Map([
  ['true', true],
  ['1', true],
  ['false', false],
  ['0', false],
]);

/** What a collection's listing needs to know of its resource. */
export interface Collection {
  /** `networks`, `subnets`, `ports`. */
  key: string;
  /** `Network`, `Subnet`, `Port` (error types and messages). */
  resource: string;
  /** Every attribute of its view: each may be filtered on. */
  attributes: readonly string[];
  /** The collection's URL, for pagination links. */
  url: string;
}

/**
 * A Neutron listing: `attribute=value` filters (repeat one for any of several values;
 * booleans as Neutron reads them; `fixed_ips=ip_address=…`/`subnet_id=…` on ports),
 * `sort_key`/`sort_dir`, `limit`/`marker`/`page_reverse` pages with `<key>_links`, and
 * `fields`. Unknown filters are a 400, as in Neutron.
 */
export function listCollection(
  views: NeutronView[],
  query: Query,
  collection: Collection,
): Record<string, unknown> {
  const filters = Object.keys(query).filter((name) => !CONTROL.has(name));
  const unknown = filters.filter(
    (name) =>
      !collection.attributes.includes(name) &&
      !TAG_FILTERS.has(name) &&
      !(name === 'fixed_ips' && collection.key === 'ports'),
  );
  if (unknown.length > 0) {
    throw new NeutronError(
      400,
      'HTTPBadRequest',
      `${pythonRepr(unknown)} is invalid attribute for filtering`,
    );
  }
  let rows = views.filter((view) => filters.every((name) => matches(view, name, query)));
  rows = sorted(rows, query, collection);
  const { page, links } = paged(rows, query, collection);
  const fields = params(query, 'fields');
  const out: Record<string, unknown> = { [collection.key]: page.map((v) => project(v, fields)) };
  if (links.length > 0) out[`${collection.key}_links`] = links;
  return out;
}

/** One resource, with `fields` applied. */
export function showResource(view: NeutronView, query: Query): NeutronView {
  return project(view, params(query, 'fields'));
}

function project(view: NeutronView, fields: string[]): NeutronView {
  if (fields.length === 0) return view;
  return Object.fromEntries(Object.entries(view).filter(([key]) => fields.includes(key)));
}

function matches(view: NeutronView, name: string, query: Query): boolean {
  const wanted = params(query, name);
  if (TAG_FILTERS.has(name)) return name.startsWith('not-');
  if (name === 'fixed_ips') return wanted.every((spec) => fixedIpMatches(view, spec));
  const actual = view[name];
  return wanted.some((value) => {
    if (typeof actual === 'boolean') {
      const flag = BOOLEAN.get(value.toLowerCase());
      if (flag === undefined) throw invalidInput(`'${value}' cannot be converted to boolean`);
      return flag === actual;
    }
    if (typeof actual === 'number') {
      if (!/^-?\d+$/.test(value)) throw invalidInput(`'${value}' is not an integer`);
      return Number(value) === actual;
    }
    if (Array.isArray(actual)) return actual.includes(value);
    return actual === null ? value === '' : actual === value;
  });
}

/** `ip_address=10.0.0.5` or `subnet_id=<id>` against a port's fixed IPs. */
function fixedIpMatches(view: NeutronView, spec: string): boolean {
  const [key, ...rest] = spec.split('=');
  const value = rest.join('=');
  const ips = (view.fixed_ips ?? []) as { subnet_id: string; ip_address: string }[];
  if (key === 'ip_address') {
    const wanted = canonicalIp(value) ?? value;
    return ips.some((ip) => ip.ip_address === wanted);
  }
  if (key === 'subnet_id') return ips.some((ip) => ip.subnet_id === value);
  if (key === 'ip_address_substr') return ips.some((ip) => ip.ip_address.includes(value));
  throw invalidInput(`Invalid data format for fixed IP: '${spec}'`);
}

function sorted(rows: NeutronView[], query: Query, collection: Collection): NeutronView[] {
  const key = param(query, 'sort_key');
  if (key === undefined) return rows;
  if (!collection.attributes.includes(key)) {
    throw new NeutronError(
      400,
      'HTTPBadRequest',
      `${pythonRepr([key])} is invalid attribute for sort_keys`,
    );
  }
  const dir = param(query, 'sort_dir') ?? 'asc';
  if (dir !== 'asc' && dir !== 'desc') {
    throw new NeutronError(
      400,
      'HTTPBadRequest',
      `${pythonRepr([dir])} is invalid value for sort_dirs, valid values are 'asc' and 'desc'`,
    );
  }
  const sign = dir === 'asc' ? 1 : -1;
  const text = (view: NeutronView) => {
    const value = view[key];
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : '';
  };
  return [...rows].sort((a, b) => sign * (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

function paged(
  rows: NeutronView[],
  query: Query,
  collection: Collection,
): { page: NeutronView[]; links: { rel: string; href: string }[] } {
  const limitText = param(query, 'limit');
  const marker = param(query, 'marker');
  let limit = 0;
  if (limitText !== undefined) {
    if (!/^\d+$/.test(limitText)) {
      throw new NeutronError(
        400,
        'HTTPBadRequest',
        `Limit must be an integer 0 or greater and not '${limitText}'`,
      );
    }
    limit = Number(limitText);
  }
  const reverse = BOOLEAN.get((param(query, 'page_reverse') ?? 'false').toLowerCase()) === true;
  let start = 0;
  let end = rows.length;
  if (marker !== undefined) {
    const index = rows.findIndex((row) => row.id === marker);
    if (index < 0) {
      throw new NeutronError(
        404,
        `${collection.resource}NotFound`,
        `${collection.resource} ${marker} could not be found.`,
      );
    }
    if (reverse) end = index;
    else start = index + 1;
  }
  if (limit === 0) return { page: rows.slice(start, end), links: [] };
  const page = reverse
    ? rows.slice(Math.max(start, end - limit), end)
    : rows.slice(start, start + limit);
  const links: { rel: string; href: string }[] = [];
  if (page.length === limit) {
    links.push({
      rel: 'next',
      href: withQuery(collection.url, omit(query, 'page_reverse'), {
        marker: String(page[page.length - 1].id),
      }),
    });
  }
  if (page.length > 0) {
    links.push({
      rel: 'previous',
      href: withQuery(collection.url, query, { marker: String(page[0].id), page_reverse: 'True' }),
    });
  }
  return { page, links };
}

function omit(query: Query, name: string): Query {
  return Object.fromEntries(Object.entries(query).filter(([key]) => key !== name));
}
