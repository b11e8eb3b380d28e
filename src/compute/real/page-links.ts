/** Hard stop for a cloud that keeps sending `next` links. */
const MAX_PAGES = 10_000;

/**
 * The URL of the next page: the `next` link's query string (marker, limit, filters)
 * applied to our own collection URL. The link's host and path are not followed, since
 * services behind proxies often advertise internal or wrong ones (Glance's `next` omits
 * DevStack's `/image` prefix) — and our token must only go to catalog endpoints.
 */
export function nextPageUrl(collectionUrl: string, nextHref: string | undefined): string | null {
  if (!nextHref) return null;
  const next = new URL(nextHref, 'http://placeholder.invalid');
  const url = new URL(collectionUrl);
  url.search = next.search;
  return url.toString();
}

/**
 * Reads every page of a collection, starting at `firstUrl`. `read` returns one page's
 * items and its `next` link. Stops on a repeated URL (a cloud bug) or after MAX_PAGES.
 */
export async function readAllPages<T>(
  firstUrl: string,
  read: (url: string) => Promise<{ items: T[]; next?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  const collection = firstUrl.split('?')[0];
  for (let url: string | null = firstUrl; url && !seen.has(url) && seen.size < MAX_PAGES;) {
    seen.add(url);
    const page = await read(url);
    items.push(...page.items);
    url = page.items.length === 0 ? null : nextPageUrl(collection, page.next);
  }
  return items;
}
