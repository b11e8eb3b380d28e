import type { MockImageEntity } from '../../simulator';
import { pageAfter, param, withQuery, type Query } from '../http/query';
import { GlanceError } from './glance-errors';
import { imageView } from './image-view';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
const VISIBILITIES = ['public', 'private', 'shared', 'community', 'all'];
const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id'].concat([
  'created_at',
  'updated_at',
  'min_disk',
  'min_ram',
  'visibility',
  'owner',
]);
/** Parameters that are not property filters. */
const RESERVED = new Set([
  'limit',
  'marker',
  'sort_key',
  'sort_dir',
  'visibility',
  'member_status',
]);

type View = Record<string, unknown>;

/**
 * `GET /v2/images` as Glance answers it: visibility (by default everything the project
 * sees but others' community images), exact-match filters on any image field or
 * property (`name`, `status`, `owner`, `os_distro`…), time comparisons on `created_at`
 * and `updated_at` (`created_at=lte:2030-01-01T00:00:00Z`), `sort_key`/`sort_dir` (default
 * newest first), `limit` (default 25, at most 1000) and `marker`, with a `next` link
 * when the page is full. Links are relative to the Glance endpoint, as Glance's are.
 */
export function listImages(rows: MockImageEntity[], query: Query, projectId: string) {
  const limit = limitOf(query);
  const visibility = param(query, 'visibility');
  if (visibility !== undefined && !VISIBILITIES.includes(visibility)) {
    throw new GlanceError(400, `Invalid visibility value: ${visibility}`);
  }
  const views = rows
    .filter((row) =>
      visibility === undefined
        ? row.visibility !== 'community' || row.ownerProjectId === projectId
        : visibility === 'all' || row.visibility === visibility,
    )
    .map(imageView)
    .filter(matching(query));
  sortViews(views, query);
  const marker = param(query, 'marker');
  const result = pageAfter(views as (View & { id: string })[], limit, marker);
  if (!result) throw new GlanceError(400, `Image with identifier ${marker} not found`);
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

function matching(query: Query): (view: View) => boolean {
  const filters = Object.entries(query)
    .filter(([key]) => !RESERVED.has(key))
    .map(([key, value]): [string, ((actual: unknown) => boolean)[]] => {
      const wanted = [value ?? []].flat();
      if (TIME_FIELDS.has(key)) return [key, wanted.map(timeComparison)];
      return [key, wanted.map((w) => (actual: unknown) => textOf(actual) === w)];
    });
  return (view) =>
    filters.every(([key, tests]) => {
      if (key === 'tag') return tests.length === 0; // no image has tags
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
function timeComparison(filter: string): (actual: unknown) => boolean {
  const match = /^([a-z]+):(.*)$/.exec(filter);
  const [operator, text] = match ? [match[1], match[2]] : ['eq', filter];
  const compare = TIME_OPERATORS[operator];
  if (!compare) throw new GlanceError(400, 'Unable to filter using the specified operator.');
  const time = parseTime(text);
  return (actual) => typeof actual === 'string' && compare(parseTime(actual), time);
}

function parseTime(text: string): number {
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)
    ? Date.parse(text)
    : NaN;
  if (Number.isNaN(time)) throw new GlanceError(400, `Unable to parse time: ${text}`);
  return time;
}

/** How a field compares with a query value: `false`, `12`, `active`… */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function sortViews(views: View[], query: Query): void {
  const key = param(query, 'sort_key');
  const dir = param(query, 'sort_dir') ?? 'desc';
  if (dir !== 'asc' && dir !== 'desc') throw new GlanceError(400, `Invalid sort direction: ${dir}`);
  if (key === undefined) {
    if (dir === 'asc') views.reverse(); // rows come newest first
    return;
  }
  if (!SORT_KEYS.includes(key)) throw new GlanceError(400, `Invalid sort key: ${key}`);
  const sign = dir === 'asc' ? 1 : -1;
  views.sort((a, b) => sign * (compare(a[key], b[key]) || compare(a.id, b.id)));
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}
