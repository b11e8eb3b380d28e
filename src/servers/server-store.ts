import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In, IsNull } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock/clock';
import { Errors } from '../common/errors/errors';
import { keysetPage, type Page } from '../common/pagination/keyset';
import {
  ServerActionEntity,
  type ServerActionName,
  type ServerActionStatus,
} from './server-action.entity';
import { ServerEntity } from './server.entity';
import { ServerTagEntity } from './server-tag.entity';
import { ServerQueries, type ServerFilters } from './server-queries';

export type { ServerFilters } from './server-queries';

/** Data access for the inventory and the action history; joins the ambient transaction. */
@Injectable()
export class ServerStore {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  private queries: ServerQueries | null = null;

  /** The hot reads as plain SQL (built once, on the first call: the data source is ambient). */
  private get sql(): ServerQueries {
    return (this.queries ??= new ServerQueries(this.txHost.tx.connection));
  }

  private get servers() {
    return this.txHost.tx.getRepository(ServerEntity);
  }

  private get actions() {
    return this.txHost.tx.getRepository(ServerActionEntity);
  }

  private get serverTags() {
    return this.txHost.tx.getRepository(ServerTagEntity);
  }

  /** A live server the principal may see; 404 otherwise (another project's servers included). */
  async getVisible(principal: Principal, id: string): Promise<ServerEntity> {
    const row = await this.byId(id);
    if (!row || (principal.role !== 'admin' && row.projectId !== principal.projectId)) {
      throw Errors.serverNotFound(id);
    }
    return row;
  }

  byId(id: string): Promise<ServerEntity | null> {
    return this.sql.byId(this.txHost.tx, id);
  }

  /** A page of live servers, newest first (keyset pagination on createdAt, id). */
  list(filters: ServerFilters, limit: number, cursor?: string): Promise<Page<ServerEntity>> {
    return this.sql.page(this.txHost.tx, filters, limit, cursor);
  }

  insert(row: ServerEntity): Promise<unknown> {
    return this.servers.insert(row);
  }

  /**
   * Writes the row if nobody changed it since it was read (version check), and bumps
   * its version. Throws 409 CONCURRENT_MODIFICATION when another request won. New
   * `tags` are written to `server_tags` too (what changed of them).
   */
  async save(row: ServerEntity, changes: Partial<ServerEntity>): Promise<ServerEntity> {
    const next = { ...changes, updatedAt: this.clock.now(), version: row.version + 1 };
    const result = await this.servers.update({ id: row.id, version: row.version }, next);
    if (!result.affected) throw Errors.concurrentModification(row.id);
    if (changes.tags !== undefined) await this.writeTags(row.id, row.tags, changes.tags);
    return Object.assign(row, next);
  }

  private async writeTags(serverId: string, before: string[], after: string[]): Promise<void> {
    const gone = before.filter((tag) => !after.includes(tag));
    const added = after.filter((tag) => !before.includes(tag));
    if (gone.length > 0) await this.serverTags.delete({ serverId, tag: In(gone) });
    if (added.length > 0) await this.serverTags.insert(added.map((tag) => ({ serverId, tag })));
  }

  /** Whether the project has live servers, or servers that went away since `since`. */
  projectActive(projectId: string, since: Date): Promise<boolean> {
    return this.servers
      .createQueryBuilder('s')
      .where('s.projectId = :projectId', { projectId })
      .andWhere('(s.deletedAt IS NULL OR s.deletedAt >= :since)', { since: since.toISOString() })
      .getExists();
  }

  /** Rows by inventory id, deleted ones included. */
  byIdsWithDeleted(ids: string[]): Promise<ServerEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.servers.findBy({ id: In(ids) });
  }

  /** Live rows of the given cloud servers. */
  byCloudIds(cloudIds: string[]): Promise<ServerEntity[]> {
    if (cloudIds.length === 0) return Promise.resolve([]);
    return this.servers.findBy({ cloudId: In(cloudIds), deletedAt: IsNull() });
  }

  /** Rows the reconciler follows (oldest change first). */
  transitional(limit: number): Promise<ServerEntity[]> {
    return this.servers.find({
      where: { transitional: true, deletedAt: IsNull() },
      order: { updatedAt: 'ASC' },
      take: limit,
    });
  }

  async addAction(
    server: Pick<ServerEntity, 'id' | 'projectId'>,
    action: ServerActionName,
    requestId: string,
    status: ServerActionStatus = 'pending',
    error: string | null = null,
  ): Promise<ServerActionEntity> {
    const now = this.clock.now();
    const entry = this.actions.create({
      id: newId(),
      serverId: server.id,
      projectId: server.projectId,
      action,
      status,
      requestId,
      startedAt: now,
      finishedAt: status === 'pending' ? null : now,
      error: error?.slice(0, 1024) ?? null,
    });
    await this.actions.insert(entry);
    return entry;
  }

  /** Whether one of the named actions of the server is still pending. */
  hasPending(serverId: string, names: ServerActionName[]): Promise<boolean> {
    return this.actions.existsBy({ serverId, status: 'pending', action: In(names) });
  }

  /** Ends the server's pending actions (those of the given names, or all). */
  async finishPending(
    serverId: string,
    status: 'succeeded' | 'failed',
    error: string | null,
    only?: ServerActionName[],
  ): Promise<void> {
    await this.actions.update(
      { serverId, status: 'pending', ...(only ? { action: In(only) } : {}) },
      { status, error: error?.slice(0, 1024) ?? null, finishedAt: this.clock.now() },
    );
  }

  history(serverId: string, limit: number, cursor?: string): Promise<Page<ServerActionEntity>> {
    const qb = this.actions.createQueryBuilder('a').where('a.serverId = :serverId', { serverId });
    return keysetPage(qb, limit, cursor, 'startedAt');
  }
}
