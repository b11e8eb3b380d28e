import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In, LessThan } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { Lease } from '../common/uow/lease';
import { AppConfig } from '../config/app-config';
import { SimulatorPurge } from '../simulator';
import { IdempotencyKeyEntity } from '../servers/idempotency-key.entity';
import { IDEMPOTENCY_TTL_MS } from '../servers/idempotency.service';
import { ServerActionEntity } from '../servers/server-action.entity';
import { ServerEntity } from '../servers/server.entity';
import { ServerTagEntity } from '../servers/server-tag.entity';

/** Rows per batch: each batch is one short transaction, so writers never wait long. */
export const RETENTION_BATCH = 200;

export interface RetentionReport {
  idempotencyKeys: number;
  servers: number;
  cloudServers: number;
}

/**
 * Keeps the database bounded: idempotency keys go once expired (24 h), deleted servers
 * and their action history once `RETENTION_DELETED_HOURS` have passed, and the
 * simulator's deleted servers with them. Works in small batches, yielding between them;
 * with several replicas on PostgreSQL one of them runs each pass.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly lease: Lease,
    private readonly simulator: SimulatorPurge,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retention.intervalMs > 0) this.schedule();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One whole pass (every batch); null when another replica holds the lease. */
  prune(): Promise<RetentionReport | null> {
    return this.lease.run('retention', () => this.pass());
  }

  private async pass(): Promise<RetentionReport> {
    const now = this.clock.now().getTime();
    const keysBefore = new Date(now - IDEMPOTENCY_TTL_MS);
    const deletedBefore = new Date(now - this.config.retention.deletedHours * 3600_000);
    return {
      idempotencyKeys: await this.drain(() => this.pruneKeys(keysBefore)),
      servers: await this.drain(() => this.pruneServers(deletedBefore)),
      cloudServers: await this.drain(() =>
        this.simulator.purgeDeletedServers(deletedBefore, RETENTION_BATCH),
      ),
    };
  }

  /** Runs `batch` until it removes nothing, yielding to requests between batches. */
  private async drain(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const removed = await batch();
      total += removed;
      if (removed < RETENTION_BATCH) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private pruneKeys(before: Date): Promise<number> {
    return this.txHost.withTransaction(async () => {
      const keys = this.txHost.tx.getRepository(IdempotencyKeyEntity);
      const rows = await keys.find({
        select: { id: true },
        where: { createdAt: LessThan(before) },
        take: RETENTION_BATCH,
      });
      if (rows.length > 0) await keys.delete({ id: In(rows.map((row) => row.id)) });
      return rows.length;
    });
  }

  private pruneServers(before: Date): Promise<number> {
    return this.txHost.withTransaction(async () => {
      const servers = this.txHost.tx.getRepository(ServerEntity);
      const rows = await servers.find({
        select: { id: true },
        where: { deletedAt: LessThan(before) },
        take: RETENTION_BATCH,
      });
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.id);
      await this.txHost.tx.getRepository(ServerActionEntity).delete({ serverId: In(ids) });
      await this.txHost.tx.getRepository(ServerTagEntity).delete({ serverId: In(ids) });
      await servers.delete({ id: In(ids) });
      return ids.length;
    });
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.prune()
        .then((report) => {
          if (report && report.idempotencyKeys + report.servers + report.cloudServers > 0) {
            this.logger.log({ pruned: report }, 'Retention pass');
          }
        })
        .catch((error: unknown) => this.logger.warn(`Retention pass failed: ${String(error)}`))
        .finally(() => {
          if (this.timer) this.schedule();
        });
    }, this.config.retention.intervalMs);
    this.timer.unref();
  }
}
