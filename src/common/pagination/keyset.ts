import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor } from './cursor';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Newest-first keyset pagination on (time, id): each page costs one indexed range
 * scan whatever the table size, and rows inserted meanwhile never shift later pages.
 */
export async function keysetPage<
  E extends ObjectLiteral & { id: string },
  K extends keyof E & string = 'createdAt',
>(qb: SelectQueryBuilder<E>, limit: number, cursor?: string, timeField?: K): Promise<Page<E>> {
  const alias = qb.alias;
  const field = timeField ?? 'createdAt';
  if (cursor) {
    const after = decodeCursor(cursor);
    // A row-value comparison (SQLite ≥ 3.15, PostgreSQL) lets both databases seek the
    // (time, id) index instead of scanning from the top as an OR would.
    qb.andWhere(`(${alias}.${field}, ${alias}.id) < (:cursorTime, :cursorId)`, {
      cursorTime: after.createdAt,
      cursorId: after.id,
    });
  }
  const rows = await qb
    .orderBy(`${alias}.${field}`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > limit && last ? encodeCursor({ createdAt: last[field], id: last.id }) : null,
  };
}
