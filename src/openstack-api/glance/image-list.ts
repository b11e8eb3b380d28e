import type { MockImageEntity } from '../../simulator';
import { pageAfter, param, params, withQuery, type Query } from '../http/query';
import { GlanceError } from './glance-errors';
import { imageView } from './image-view';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
const VISIBILITIES = ['public', 'private', 'shared', 'community', 'all'];
const MEMBER_STATUSES = ['accepted', 'pending', 'rejected', 'all'];
const SORT_KEYS = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
];
/** Parameters that are not exact-match property filters. */
const RESERVED = new Set([
  'limit',
  'marker',
  'sort_key',
  'sort_dir',
  'sort',
  'visibility',
  'member_status',
  'size_min',
  'size_max',
  'tag',
  'os_hidden',
  'protected',
]);
/** Fields that take Glance's `in:` operator (`name=in:a,b`). */
const IN_FIELDS = new Set(['id', 'name', 'status', 'container_format', 'disk_format', 'owner']);

type View = Record<string, unknown>;
type Order = { key: string; dir: 'asc' | 'desc' }[];

/**
 * `GET /v2/images` as Glance answers it: visibility (by default everything the project
 * sees but others' community images), hidden images (`os_hidden`) only when asked for,
 * exact-match filters on any image field or property (`name`, `status`, `owner`,
 * `os_distro`…, with `in:` for names, ids, statuses, formats and owners), `tag` (every
 * one given), `size_min`/`size_max`, `protected`, time comparisons on `created_at` and
 * `updated_at` (`created_at=lte:2030-01-01T00:00:00Z`), sorting with `sort_key`/`sort_dir`
 * or `sort=size:desc,name` (default newest first), `limit` (default 25, at most 1000)
 * and `marker`, with a `next` link when the page is full. Links are relative to the
 * Glance endpoint, as Glance's are.
 */
export function listImages(rows: MockImageEntity[], query: Query, projectId: string) {
  const limit = limitOf(query);
  const visibility = param(query, 'visibility');
  if (visibility !== undefined && !VISIBILITIES.includes(visibility)) {
    throw new GlanceError(400, `Invalid visibility value: ${visibility}`);
  }
  const memberStatus = param(query, 'member_status');
  if (memberStatus !== undefined && !MEMBER_STATUSES.includes(memberStatus)) {
    throw new GlanceError(400, `Invalid status: ${memberStatus}`);
  }
  const hidden = booleanFilter(query, 'os_hidden') ?? false;
  const isProtected = booleanFilter(query, 'protected');
  const order = orderOf(query);
  const sizes = sizeRange(query);
  const tags = params(query, 'tag');
  const views = rows
    .filter((row) =>
      visibility === undefined
        ? row.visibility !== 'community' || row.ownerProjectId === projectId
        : visibility === 'all' || row.visibility === visibility,
    )
    .filter((row) => row.osHidden === hidden)
    .filter((row) => isProtected === undefined || row.isProtected === isProtected)
    .filter((row) => tags.every((tag) => row.tags.includes(tag)))
    .filter((row) => sizes(row.sizeBytes))
    .map(imageView)
    .filter(matching(query));
  sortViews(views, order);
  const marker = param(query, 'marker');
  const result = pageAfter(views as (View & { id: string })[], limit, marker);
  if (!result) throw new GlanceError(400, `No image found with ID ${marker}`);
  const body: Record<string, unknown> = {
    images: result.page,
    first: withQuery('/v2/images', query),
    schema: '/v2/schemas/images',
  };
  if (result.full) {
    body.next = withQuery('/v2/images', query, { marker: result.page[result.page.length - 1].id });
  }
  return body;
}

function limitOf(query: Query): number {
  const raw = param(query, 'limit');
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^-?\d+$/.test(raw.trim())) throw new GlanceError(400, 'limit param must be an integer');
  const limit = Number(raw);
  if (limit < 0) throw new GlanceError(400, 'limit param must be positive');
  return Math.min(limit, MAX_LIMIT);
}

/**
 * `os_hidden=true|false` (in any case, as Glance reads it: `True` too) and
 * `protected=true|false` (lower case only): anything else is 400.
 */
function booleanFilter(query: Query, name: string): boolean | undefined {
  const raw = param(query, name);
  if (raw === undefined) return undefined;
  const value = name === 'os_hidden' ? raw.toLowerCase() : raw;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new GlanceError(
    400,
    `Invalid value '${raw}' for '${name}' filter. Valid values are 'true' or 'false'.`,
  );
}

/** `size_min` and `size_max` (bytes, inclusive); an image without data matches neither. */
function sizeRange(query: Query): (size: number | null) => boolean {
  const bound = (name: string) => {
    const raw = param(query, name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw.trim())) {
      throw new GlanceError(400, 'Unable to filter on a range with a non-numeric value.');
    }
    return Number(raw);
  };
  const min = bound('size_min');
  const max = bound('size_max');
  if (min === undefined && max === undefined) return () => true;
  return (size) =>
    size !== null && (min === undefined || size >= min) && (max === undefined || size <= max);
}

function matching(query: Query): (view: View) => boolean {
  const filters = Object.entries(query)
    .filter(([key]) => !RESERVED.has(key))
    .map(([key, value]): [string, ((actual: unknown) => boolean)[]] => {
      const wanted = [value ?? []].flat();
      if (TIME_FIELDS.has(key)) return [key, wanted.map((w) => timeComparison(key, w))];
      return [
        key,
        wanted.map((w) => {
          if (IN_FIELDS.has(key) && w.startsWith('in:')) {
            const options = w.slice(3).split(',');
            return (actual: unknown) => options.includes(textOf(actual));
          }
          return (actual: unknown) => textOf(actual) === w;
        }),
      ];
    });
  return (view) =>
    filters.every(([key, tests]) => {
      const actual = view[key];
      return actual !== undefined && tests.every((test) => test(actual));
    });
}

const TIME_FIELDS = new Set(['created_at', 'updated_at']);
const TIME_OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
};

/**
 * Glance's time comparison filter, `created_at=lte:2030-01-01T00:00:00Z` (an operator
 * is optional: `eq`), compared with the time as shown, to the second.
 */
function timeComparison(field: string, filter: string): (actual: unknown) => boolean {
  const match = /^([a-z]+):(.*)$/.exec(filter);
  const [operator, text] = match ? [match[1], match[2]] : ['eq', filter];
  const compare = TIME_OPERATORS[operator];
  if (!compare) throw new GlanceError(400, 'Unable to filter on a unknown operator.');
  const time = parseTime(field, text);
  return (actual) => typeof actual === 'string' && compare(parseTime(field, actual), time);
}

function parseTime(field: string, text: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  let time = iso.test(text) ? Date.parse(text) : NaN;
  // A date and time without a zone is UTC, as in Glance.
  if (/T[\d:.]+$/.test(text)) time = Date.parse(`${text}Z`);
  if (Number.isNaN(time)) {
    throw new GlanceError(
      400,
      `Bad "${field}" query filter format. Use ISO 8601 DateTime notation.`,
    );
  }
  return time;
}

/** How a field compares with a query value: `false`, `12`, `active`… */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `sort=key[:dir],…`, or `sort_key` (repeatable) with `sort_dir`; default newest first. */
function orderOf(query: Query): Order | null {
  const sort = param(query, 'sort');
  const keys = params(query, 'sort_key');
  const dirs = params(query, 'sort_dir');
  const checkKey = (key: string) => {
    if (!SORT_KEYS.includes(key)) {
      throw new GlanceError(
        400,
        `Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`,
      );
    }
  };
  const checkDir = (dir: string): 'asc' | 'desc' => {
    if (dir !== 'asc' && dir !== 'desc')
      throw new GlanceError(400, `Invalid sort direction: ${dir}`);
    return dir;
  };
  if (sort !== undefined) {
    if (keys.length > 0 || dirs.length > 0) {
      throw new GlanceError(400, 'Old and new sorting syntax cannot be combined');
    }
    return sort.split(',').map((entry) => {
      const [key, dir] = entry.trim().split(':');
      checkKey(key);
      return { key, dir: checkDir(dir ?? 'desc') };
    });
  }
  dirs.forEach(checkDir);
  if (keys.length === 0) {
    return dirs.length > 0 ? [{ key: 'created_at', dir: checkDir(dirs[0]) }] : null;
  }
  if (dirs.length > 1 && dirs.length !== keys.length) {
    throw new GlanceError(400, 'Number of sort dirs does not match the number of sort keys');
  }
  return keys.map((key, i) => {
    checkKey(key);
    return { key, dir: checkDir(dirs[i] ?? dirs[0] ?? 'desc') };
  });
}

/** Sorts by the order, then `created_at` and `id` (in the first key's direction). */
function sortViews(views: View[], order: Order | null): void {
  if (order === null) return; // rows come newest first
  const dir = order[0].dir;
  const full = [...order];
  for (const key of ['created_at', 'id']) {
    if (!full.some((entry) => entry.key === key)) full.push({ key, dir });
  }
  views.sort((a, b) => {
    for (const { key, dir: d } of full) {
      const c = compare(a[key], b[key]);
      if (c !== 0) return d === 'asc' ? c : -c;
    }
    return 0;
  });
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}
