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
 * property (`name`, `status`, `owner`, `os_distro`…), `sort_key`/`sort_dir` (default
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
  const filters = Object.entries(query).filter(([key]) => !RESERVED.has(key));
  return (view) =>
    filters.every(([key, value]) => {
      const wanted = [value ?? []].flat();
      if (key === 'tag') return wanted.length === 0; // no image has tags
      const actual = view[key];
      return actual !== undefined && wanted.every((w) => textOf(actual) === w);
    });
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
