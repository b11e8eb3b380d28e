import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { Errors } from '../common/errors/errors';
import type { Page } from '../common/pagination/keyset';
import { UnitOfWork } from '../common/uow/unit-of-work';
import { CloudCalls } from '../compute/cloud-calls';
import { fromCloudError } from '../compute/cloud-error-mapping';
import { CloudError, CloudNotFoundError } from '../compute/cloud-errors';
import type { ListServersQueryDto } from './dto/list-servers-query.dto';
import type { ServerActionDto } from './dto/server-action.dto';
import type { ServerDto } from './dto/server.dto';
import type { ServerEntity } from './server.entity';
import { RefreshGate } from './refresh-gate';
import { lostRace } from './server-change-runner';
import { ServerStore } from './server-store';
import { ServerReconciler } from './server-reconciler';
import { ServerSync } from './server-sync';
import { etagOf, toActionDto, toServerDto } from './server.mapper';

/**
 * Reads of the inventory. While the reconciler ticks (the default), reads never ask the
 * cloud: the ticks keep servers in transition fresh, one call per busy project, however
 * many clients poll. With ticks off (`RECONCILE_INTERVAL_MS=0`), a server in transition is
 * refreshed when it is read, through `RefreshGate` (one refresh at a time per server,
 * at most one per `MIN_REFRESH_GAP_MS` while it does not change).
 */
@Injectable()
export class ServerReader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cloud: CloudCalls,
    private readonly store: ServerStore,
    private readonly sync: ServerSync,
    private readonly reconciler: ServerReconciler,
    private readonly gate: RefreshGate,
  ) {}

  async get(principal: Principal, id: string): Promise<{ server: ServerDto; etag: string }> {
    const row = await this.uow.read(() => this.store.getVisible(principal, id));
    const shown = this.reconciler.ticking ? row : await this.refreshed(principal, row);
    return { server: toServerDto(shown), etag: etagOf(shown) };
  }

  /**
   * The row, refreshed from the cloud first if it is in transition, whether ticks run or
   * not: an action is judged on the server's state now. 404 once it is gone.
   */
  async fresh(principal: Principal, id: string): Promise<ServerEntity> {
    const row = await this.uow.read(() => this.store.getVisible(principal, id));
    return this.refreshed(principal, row);
  }

  private async refreshed(principal: Principal, row: ServerEntity): Promise<ServerEntity> {
    // A row whose action is in flight is reported as the request left it.
    if (!row.transitional || !row.cloudId || this.sync.inFlight(row)) return row;
    const refreshed = await this.gate.run(row, () => this.pull(principal, row));
    if (refreshed.deletedAt) throw Errors.serverNotFound(row.id);
    return refreshed;
  }

  /** Asks the cloud about one server and applies the answer. */
  private async pull(principal: Principal, row: ServerEntity): Promise<ServerEntity> {
    const cloudId = row.cloudId!;
    let cloud;
    try {
      cloud = await this.cloud.run((c) => c.getServer({ projectId: row.projectId }, cloudId));
    } catch (error) {
      // The inventory is still a valid answer when the cloud cannot be asked.
      if (!(error instanceof CloudNotFoundError)) {
        if (error instanceof CloudError) return row;
        throw error;
      }
      cloud = null;
    }
    // Another replica may apply the same answer at the same moment: redo on its row.
    return this.uow.retrying(lostRace, () =>
      this.uow.transaction(async () => {
        const current = await this.store.getVisible(principal, row.id);
        return cloud ? this.sync.apply(current, cloud) : this.sync.gone(current);
      }),
    );
  }

  async list(principal: Principal, query: ListServersQueryDto): Promise<Page<ServerDto>> {
    const projectId = principal.role === 'admin' ? query.projectId : principal.projectId;
    const read = () =>
      this.uow.read(() =>
        this.store.list(
          {
            projectId,
            status: query.status,
            name: query.name,
            imageId: query.imageId,
            flavorId: query.flavorId,
            tags: query.tags?.split(','),
          },
          query.limit,
          query.cursor,
        ),
      );
    let page = await read();
    // Without ticks, servers in transition on this page are refreshed (one cloud list call
    // per project), then the page is read again: a status filter may now match other rows.
    const moving = this.reconciler.ticking ? [] : page.items.filter((row) => row.transitional);
    if (moving.length > 0) {
      // When the cloud cannot be asked, the inventory as it stands is still the answer.
      const report = await this.reconciler.refresh(moving).catch((error: unknown) => {
        if (error instanceof CloudError) return null;
        throw error;
      });
      if (report && report.updated > 0) page = await read();
    }
    return { items: page.items.map(toServerDto), nextCursor: page.nextCursor };
  }

  async history(
    principal: Principal,
    id: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<ServerActionDto>> {
    const page = await this.uow.read(async () => {
      await this.store.getVisible(principal, id);
      return this.store.history(id, limit, cursor);
    });
    return { items: page.items.map(toActionDto), nextCursor: page.nextCursor };
  }

  /** The console log of a server the caller may see. A server with no host yet is 409. */
  async console(principal: Principal, id: string, lines?: number): Promise<string> {
    const row = await this.uow.read(() => this.store.getVisible(principal, id));
    const cloudId = row.cloudId;
    if (!cloudId) throw Errors.invalidTransition('read the console of', row.status, row.taskState);
    try {
      return await this.cloud.run((c) =>
        c.getServerConsoleOutput({ projectId: row.projectId }, cloudId, lines),
      );
    } catch (error) {
      throw fromCloudError(error, () => Errors.serverNotFound(id));
    }
  }
}
