import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { Lease } from '../common/uow/lease';
import { UnitOfWork } from '../common/uow/unit-of-work';
import { AppConfig } from '../config/app-config';
import { CloudCalls } from '../compute/cloud-calls';
import type { CloudServer } from '../compute/cloud-records';
import type { ServerEntity } from './server.entity';
import { ServerStore } from './server-store';
import { INTENT_GRACE_MS, INVENTORY_TAG, ServerSync } from './server-sync';

/** How far back a tick looks beyond its last success, to cover clock skew with the cloud. */
const OVERLAP_MS = 5_000;
/** A create with no cloud id after its intent expired is adopted or written off. */
const ORPHAN_AFTER_MS = INTENT_GRACE_MS;
const MAX_BACKOFF_MS = 60_000;
/** How long a project with no live servers left keeps being watched. */
const RECENTLY_GONE_MS = 60 * 60_000;
const BATCH = 500;

export interface TickReport {
  cloudCalls: number;
  updated: number;
  /** Cloud servers deleted because their inventory row was written off. */
  cleaned: number;
}

/**
 * Keeps the inventory in step with the cloud. Each tick asks the cloud, once per
 * project with servers in transition, for the servers changed since the oldest of
 * them (Nova `changes-since`): the number of cloud calls does not grow with the number
 * of servers. Servers deleted out of band show up there as DELETED. A create that
 * crashed between the cloud call and our record is healed by adopting the cloud server
 * tagged with the row's id. Runs in both client modes; backs off while the cloud fails.
 */
@Injectable()
export class ServerReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServerReconciler.name);
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private running: Promise<TickReport> | null = null;
  /** Start of the last successful tick (per process; a restart looks back from its first tick). */
  private watermark: Date | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly cloud: CloudCalls,
    private readonly store: ServerStore,
    private readonly sync: ServerSync,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly lease: Lease,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.reconcileIntervalMs > 0) this.schedule(this.config.reconcileIntervalMs);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * One pass. Concurrent callers share the pass in progress; with several replicas on
   * one PostgreSQL database only one of them makes it (the others report nothing done).
   */
  tick(): Promise<TickReport> {
    this.running ??= this.lease
      .run('reconciler', () => this.pass())
      .then((report) => report ?? { cloudCalls: 0, updated: 0, cleaned: 0 })
      .finally(() => (this.running = null));
    return this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.tick()
        .then(() => (this.failures = 0))
        .catch((error: unknown) => {
          this.failures += 1;
          this.logger.warn(`Reconcile tick failed (${this.failures} in a row): ${String(error)}`);
        })
        .finally(() => {
          if (!this.timer) return;
          const backoff = Math.min(
            MAX_BACKOFF_MS,
            this.config.reconcileIntervalMs * 2 ** this.failures,
          );
          this.schedule(backoff);
        });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * One tick: every project with live servers is asked once for what changed since the
   * last successful tick (or since its oldest server in transition, if older). That
   * catches both transitions we started and changes made outside this API.
   */
  private async pass(): Promise<TickReport> {
    const startedAt = this.clock.now();
    const [moving, projects] = await this.uow.read(() =>
      Promise.all([
        this.store.transitional(BATCH),
        // Projects whose servers all went away lately are still asked once more, so a
        // written-off create's cloud server is found and cleaned up.
        this.store.liveProjects(new Date(startedAt.getTime() - RECENTLY_GONE_MS)),
      ]),
    );
    const report = await this.refresh(moving, projects, this.watermark ?? startedAt);
    this.watermark = startedAt;
    return report;
  }

  /**
   * Brings rows up to date: one `changes-since` list call per project, then every
   * changed row (the given ones, and any other live row the cloud reports changed) is
   * applied in its own short transaction.
   */
  async refresh(rows: ServerEntity[], projects: string[] = [], since?: Date): Promise<TickReport> {
    const report: TickReport = { cloudCalls: 0, updated: 0, cleaned: 0 };
    const byProject = new Map<string, ServerEntity[]>(projects.map((p) => [p, []]));
    for (const row of rows)
      byProject.set(row.projectId, [...(byProject.get(row.projectId) ?? []), row]);

    for (const [projectId, projectRows] of byProject) {
      const oldest = Math.min(
        since?.getTime() ?? Number.POSITIVE_INFINITY,
        ...projectRows.map((r) => r.updatedAt.getTime()),
      );
      const changesSince = new Date(oldest - OVERLAP_MS);
      const changed = await this.cloud.run((c) => c.listServers({ projectId }, { changesSince }));
      report.cloudCalls += 1;
      const known = new Set(projectRows.map((r) => r.cloudId));
      const others = await this.uow.read(() =>
        this.store.byCloudIds(changed.map((s) => s.id).filter((id) => !known.has(id))),
      );
      report.updated += await this.applyChanges([...projectRows, ...others], changed);
      report.cleaned += await this.cleanUp(projectId, changed);
    }
    return report;
  }

  /**
   * Deletes cloud servers that carry the tag of an inventory row we wrote off (a create
   * whose outcome was lost, an orphan): nobody can reach them through this API, but they
   * still cost. Servers tagged with an id we never had are left alone: they may belong to
   * another deployment sharing the project.
   */
  private async cleanUp(projectId: string, changed: CloudServer[]): Promise<number> {
    const tagged = changed.filter(
      (s) => s.status !== 'DELETED' && s.taskState !== 'deleting' && s.metadata[INVENTORY_TAG],
    );
    if (tagged.length === 0) return 0;
    const rows = await this.uow.read(() =>
      this.store.byIdsWithDeleted(tagged.map((s) => s.metadata[INVENTORY_TAG])),
    );
    const writtenOff = new Set(rows.filter((r) => r.deletedAt !== null).map((r) => r.id));
    let cleaned = 0;
    for (const server of tagged.filter((s) => writtenOff.has(s.metadata[INVENTORY_TAG]))) {
      await this.cloud.run((c) => c.deleteServer({ projectId }, server.id));
      this.logger.warn(`Deleted cloud server ${server.id}: its inventory row was written off`);
      cleaned += 1;
    }
    return cleaned;
  }

  private async applyChanges(rows: ServerEntity[], changed: CloudServer[]): Promise<number> {
    const byCloudId = new Map(changed.map((s) => [s.id, s]));
    const byTag = new Map(
      changed.filter((s) => s.metadata[INVENTORY_TAG]).map((s) => [s.metadata[INVENTORY_TAG], s]),
    );
    const now = this.clock.now().getTime();
    let updated = 0;
    for (const row of rows) {
      const cloud = row.cloudId ? byCloudId.get(row.cloudId) : byTag.get(row.id);
      const orphan = !row.cloudId && !cloud && now - row.createdAt.getTime() > ORPHAN_AFTER_MS;
      if (!cloud && !orphan) continue;
      await this.uow.transaction(async () => {
        const current = await this.store.byId(row.id);
        if (!current || current.version !== row.version) return; // someone else got there first
        const before = current.version;
        const after = cloud ? await this.sync.apply(current, cloud) : await this.sync.gone(current);
        if (after.version !== before) updated += 1;
      });
    }
    return updated;
  }
}
