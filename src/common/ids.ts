import { v7 } from 'uuid';

/**
 * New row ids are UUIDv7: time-ordered, so rows created in the same millisecond still
 * sort in creation order (keyset pages and "newest first" lists rely on it), and
 * inserts stay local in the indexes.
 */
export function newId(): string {
  return v7();
}
