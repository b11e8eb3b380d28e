import { pageAfter, param, type Query } from '../http/query';
import { NovaError } from './nova-errors';

/** Nova's cap on a page (max_limit), and the page size when no limit is given. */
export const MAX_LIMIT = 1000;

/** `limit`, capped at 1000; 400 unless a non-negative integer. */
export function limitOf(query: Query): number {
  const raw = param(query, 'limit');
  if (raw === undefined) return MAX_LIMIT;
  if (!/^-?\d+$/.test(raw.trim())) throw new NovaError(400, 'limit param must be an integer');
  const limit = Number(raw);
  if (limit < 0) throw new NovaError(400, 'limit param must be positive');
  return Math.min(limit, MAX_LIMIT);
}

/** An ISO 8601 time parameter (`changes-since`), or undefined; 400 if it does not parse. */
export function timeOf(query: Query, name: string): Date | undefined {
  const raw = param(query, name);
  if (raw === undefined) return undefined;
  const time = new Date(/[T ]/.test(raw) ? raw : `${raw}T00:00:00Z`);
  if (Number.isNaN(time.getTime())) {
    throw new NovaError(400, `Invalid input for query parameters ${name}. Value: ${raw}.`);
  }
  return time;
}

/** A page of `rows` per `limit`/`marker`, or Nova's 400 for an unknown marker. */
export function novaPage<T extends { id: string }>(
  rows: T[],
  query: Query,
  markerMessage?: string,
) {
  const marker = param(query, 'marker');
  const result = pageAfter(rows, limitOf(query), marker);
  if (!result) throw new NovaError(400, markerMessage ?? `marker [${marker}] not found`);
  return result;
}
