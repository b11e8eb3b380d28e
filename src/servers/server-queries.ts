import type { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import type { Page } from '../common/pagination/keyset';
import { ServerEntity } from './server.entity';

export interface ServerFilters {
  projectId?: string;
  status?: string;
  name?: string;
  imageId?: string;
  flavorId?: string;
  /** Servers having every one of these tags. */
  tags?: string[];
}

/**
 * The store's hot reads (a server by id, a page of the inventory) as plain SQL: no query
 * builder per request, and on SQLite each distinct statement is prepared once (TypeORM's
 * better-sqlite3 driver caches them by text). Rows are hydrated through TypeORM's own
 * column metadata (types and transformers), so they come out exactly as the repository
 * returns them; `server-queries.spec.ts` holds the two side by side. One implementation for
 * both databases: only the placeholders differ.
 */
export class ServerQueries {
  private readonly metadata;
  private readonly columns: string;
  private readonly q: (name: string) => string;
  private readonly postgres: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.metadata = dataSource.getMetadata(ServerEntity);
    this.q = (name) => dataSource.driver.escape(name);
    this.columns = this.metadata.columns.map((c) => this.q(c.databaseName)).join(', ');
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** SQL and parameters of a live server by id. */
  byIdSql(id: string): [string, unknown[]] {
    const q = this.q;
    return [
      `SELECT ${this.columns} FROM ${q('servers')} WHERE ${q('id')} = ${this.p(1)} AND ${q('deletedAt')} IS NULL`,
      [id],
    ];
  }

  /**
   * SQL and parameters of one page of live servers, newest first: keyset pagination on
   * (createdAt, id), `limit + 1` rows (the extra one says whether a next page exists).
   */
  pageSql(filters: ServerFilters, limit: number, cursor?: string): [string, unknown[]] {
    const q = this.q;
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return this.p(params.length);
    };
    const where = [`s.${q('deletedAt')} IS NULL`];
    for (const field of ['projectId', 'status', 'imageId', 'flavorId'] as const) {
      const value = filters[field];
      if (value) where.push(`s.${q(field)} = ${param(value)}`);
    }
    if (filters.name) {
      // Substring match with LIKE wildcards in the input escaped.
      const escaped = filters.name.replace(/[\\%_]/g, (c) => `\\${c}`);
      where.push(`LOWER(s.${q('name')}) LIKE LOWER(${param(`%${escaped}%`)}) ESCAPE '\\'`);
    }
    // One EXISTS per tag: a primary-key lookup in server_tags for each candidate row, so
    // the keyset scan and its pages stay as they are.
    (filters.tags ?? []).forEach((tag, i) => {
      where.push(
        `EXISTS (SELECT 1 FROM ${q('server_tags')} t${i} WHERE t${i}.${q('serverId')} = s.${q('id')} ` +
          `AND t${i}.${q('tag')} = ${param(tag)})`,
      );
    });
    if (cursor) {
      const after = decodeCursor(cursor);
      // A row-value comparison (SQLite ≥ 3.15, PostgreSQL) lets both databases seek the
      // (createdAt, id) index instead of scanning from the top as an OR would.
      where.push(
        `(s.${q('createdAt')}, s.${q('id')}) < (${param(after.createdAt)}, ${param(after.id)})`,
      );
    }
    const sql =
      `SELECT ${this.columns} FROM ${q('servers')} s WHERE ${where.join(' AND ')} ` +
      `ORDER BY s.${q('createdAt')} DESC, s.${q('id')} DESC LIMIT ${param(limit + 1)}`;
    return [sql, params];
  }

  async byId(manager: EntityManager, id: string): Promise<ServerEntity | null> {
    const [row] = await this.run(manager, ...this.byIdSql(id));
    return row ?? null;
  }

  async page(
    manager: EntityManager,
    filters: ServerFilters,
    limit: number,
    cursor?: string,
  ): Promise<Page<ServerEntity>> {
    const rows = await this.run(manager, ...this.pageSql(filters, limit, cursor));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  private async run(manager: EntityManager, sql: string, params: unknown[]) {
    const raws = await manager.query<Record<string, unknown>[]>(sql, params);
    return raws.map((raw) => this.hydrate(raw));
  }

  /** A row as TypeORM would make it: each column's driver type and transformer applied. */
  hydrate(raw: Record<string, unknown>): ServerEntity {
    const entity = this.metadata.create() as ServerEntity;
    for (const column of this.metadata.columns) {
      column.setEntityValue(
        entity,
        this.dataSource.driver.prepareHydratedValue(raw[column.databaseName], column),
      );
    }
    return entity;
  }

  private p(index: number): string {
    return this.postgres ? `$${index}` : '?';
  }
}
