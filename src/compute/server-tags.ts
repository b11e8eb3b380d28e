/**
 * Nova's rules for server tags (microversion 2.26+, nova/objects/instance.py and
 * nova/api/validation/parameter_types.py): at most 50 tags per server, each 1–60
 * characters without `/` or `,`. Shared by the simulator, the REST API's validation and
 * its inventory, so all of them agree on what a tag is and in which order tags come.
 */
export const MAX_SERVER_TAGS = 50;
export const MAX_TAG_LENGTH = 60;

/** Nova's JSON-schema pattern for one tag. */
export const TAG_PATTERN = '^[^,/]*$';

/** Length in characters (code points), as Python and PostgreSQL count them. */
export function tagLength(tag: string): number {
  return [...tag].length;
}

/** Why `tag` is not a valid tag, or null when it is. */
export function tagProblem(tag: unknown): string | null {
  if (typeof tag !== 'string') return 'a tag must be a string';
  const length = tagLength(tag);
  if (length < 1 || length > MAX_TAG_LENGTH) {
    return `a tag must be 1-${MAX_TAG_LENGTH} characters`;
  }
  if (/[,/]/.test(tag)) return 'a tag must not contain "/" or ","';
  return null;
}

/**
 * The order tags are listed in: case-insensitively, as Nova's MySQL collation lists them
 * (`Alpha`, `b`, `beta`, `Beta2`), then by code unit to keep it total.
 */
export function compareTags(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The distinct tags, in list order. */
export function sortedTags(tags: Iterable<string>): string[] {
  return [...new Set(tags)].sort(compareTags);
}
