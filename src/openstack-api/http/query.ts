/** A parsed query string, repeated keys as arrays. */
export type Query = Record<string, string | string[] | undefined>;

/** The last value of a query parameter (a repeated one counts once). */
export function param(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Every value of a query parameter. */
export function params(query: Query, name: string): string[] {
  const value = query[name];
  return value === undefined ? [] : [value].flat();
}

/**
 * One page after `marker` (an id of `rows`, excluded) and whether it is full, which is
 * when OpenStack services add a `next` link; null when the marker is not in `rows`.
 */
export function pageAfter<T extends { id: string }>(
  rows: T[],
  limit: number,
  marker: string | undefined,
): { page: T[]; full: boolean } | null {
  let start = 0;
  if (marker !== undefined) {
    const index = rows.findIndex((row) => row.id === marker);
    if (index < 0) return null;
    start = index + 1;
  }
  const page = rows.slice(start, start + limit);
  return { page, full: page.length > 0 && page.length === limit };
}

/** `base` with the request's query, `marker` excluded, and then `extra` (e.g. the next marker). */
export function withQuery(base: string, query: Query, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'marker' || value === undefined) continue;
    for (const v of [value].flat()) search.append(key, v);
  }
  for (const [key, value] of Object.entries(extra)) search.set(key, value);
  const text = search.toString();
  return text ? `${base}?${text}` : base;
}
