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
import { ReconcileMarks } from './reconcile-marks';
import { lostRace } from './server-change-runner';
import { ServerStore } from './server-store';
import { INTENT_GRACE_MS, INVENTORY_TAG, ServerSync } from './server-sync';

/** How far back a question to the cloud looks before its mark, to cover clock skew. */
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
 * Keeps the inventory in step with the cloud, so reads never have to ask it. Each tick
 * (`RECONCILE_INTERVAL_MS`, fast) asks the cloud once per project with servers in
 * transition for the servers changed since that project was last asked (Nova
 * `changes-since`); every project with servers is also asked once per
 * `RECONCILE_IDLE_INTERVAL_MS`, which catches changes made outside this API, deletions
 * included. The number of cloud calls grows with the number of busy projects, never with
 * the number of servers or of clients polling them. The marks of when each project was
 * asked live in the database (`reconcile_marks`), so with several replicas a project is
 * asked once per tick whichever replica ticks. A create that crashed between the cloud
 * call and our record is healed by adopting the cloud server tagged with the row's id.
 * Runs in both client modes; backs off while the cloud fails.
 */
@Injectable()
export class ServerReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServerReconciler.name);
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private running: Promise<TickReport> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly cloud: CloudCalls,
    private readonly store: ServerStore,
    private readonly marks: ReconcileMarks,
    private readonly sync: ServerSync,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly lease: Lease,
  ) {}

  /** Whether ticks keep the inventory fresh (otherwise reads refresh what they show). */
  get ticking(): boolean {
    return this.config.reconcileIntervalMs > 0;
  }

  onApplicationBootstrap(): void {
    if (this.ticking) this.schedule(this.config.reconcileIntervalMs);
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

  /** Ticks start one interval apart (not one interval after the last one ended), see nextTickDelay. */
  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      const startedAt = Date.now();
      this.tick()
        .then(() => (this.failures = 0))
        .catch((error: unknown) => {
          this.failures += 1;
          this.logger.warn(`Reconcile tick failed (${this.failures} in a row): ${String(error)}`);
        })
        .finally(() => {
          if (!this.timer) return;
          const interval = this.config.reconcileIntervalMs;
          this.schedule(
            this.failures > 0
              ? Math.min(MAX_BACKOFF_MS, interval * 2 ** this.failures)
              : nextTickDelay(interval, Date.now() - startedAt),
          );
        });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * One tick: the projects with servers in transition, unless another replica asked about
   * them within the last half tick (and after their last change), and the projects not
   * asked about for an idle interval.
   */
  private async pass(): Promise<TickReport> {
    const now = this.clock.now();
    const [moving, marks] = await this.uow.read(async () => [
      await this.store.transitional(BATCH),
      await this.marks.all(),
    ]);
    const markOf = new Map(marks.map((m) => [m.projectId, m.checkedAt.getTime()]));
    const due = new Map<string, ServerEntity[]>();
    for (const row of moving) due.set(row.projectId, [...(due.get(row.projectId) ?? []), row]);
    for (const [projectId, rows] of due) {
      // Asked after the last change we know of, and within half a tick: another replica's
      // tick has just done it.
      const mark = markOf.get(projectId);
      if (
        mark !== undefined &&
        mark > newestChange(rows) &&
        now.getTime() - mark < this.config.reconcileIntervalMs / 2
      ) {
        due.delete(projectId);
      }
    }
    for (const [projectId, mark] of markOf) {
      if (!due.has(projectId) && now.getTime() - mark >= this.config.reconcileIdleIntervalMs) {
        due.set(projectId, []);
      }
    }

    const report: TickReport = { cloudCalls: 0, updated: 0, cleaned: 0 };
    for (const [projectId, rows] of due) {
      const since = markOf.get(projectId) ?? oldestChange(rows, now);
      const one = await this.askProject(projectId, rows, since);
      report.cloudCalls += one.cloudCalls;
      report.updated += one.updated;
      report.cleaned += one.cleaned;
      await this.uow.transaction(async () => {
        // A project whose servers are all long gone is no longer followed.
        const followed =
          rows.length > 0 ||
          (await this.store.projectActive(projectId, new Date(now.getTime() - RECENTLY_GONE_MS)));
        await (followed ? this.marks.checked(projectId, now) : this.marks.forget(projectId));
      });
    }
    return report;
  }

  /**
   * Brings the given rows up to date now: one `changes-since` list call per project,
   * looking back to the oldest change among them. Used by reads when no ticks run.
   */
  async refresh(rows: ServerEntity[]): Promise<TickReport> {
    const byProject = new Map<string, ServerEntity[]>();
    for (const row of rows)
      byProject.set(row.projectId, [...(byProject.get(row.projectId) ?? []), row]);
    const report: TickReport = { cloudCalls: 0, updated: 0, cleaned: 0 };
    for (const [projectId, projectRows] of byProject) {
      const one = await this.askProject(
        projectId,
        projectRows,
        oldestChange(projectRows, this.clock.now()),
      );
      report.cloudCalls += one.cloudCalls;
      report.updated += one.updated;
      report.cleaned += one.cleaned;
    }
    return report;
  }

  /**
   * One `changes-since` list call for a project, then every changed row (the given ones,
   * and any other live row the cloud reports changed) applied in its own short transaction.
   */
  private async askProject(
    projectId: string,
    rows: ServerEntity[],
    since: number,
  ): Promise<TickReport> {
    const changesSince = new Date(since - OVERLAP_MS);
    const changed = await this.cloud.run((c) => c.listServers({ projectId }, { changesSince }));
    const known = new Set(rows.map((r) => r.cloudId));
    const others = await this.uow.read(() =>
      this.store.byCloudIds(changed.map((s) => s.id).filter((id) => !known.has(id))),
    );
    return {
      cloudCalls: 1,
      updated: await this.applyChanges([...rows, ...others], changed),
      cleaned: await this.cleanUp(projectId, changed),
    };
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
      try {
        await this.uow.transaction(async () => {
          const current = await this.store.byId(row.id);
          if (!current || current.version !== row.version) return; // someone else got there first
          const before = current.version;
          const after = cloud
            ? await this.sync.apply(current, cloud)
            : await this.sync.gone(current);
          if (after.version !== before) updated += 1;
        });
      } catch (error) {
        // A request changed the row between our read and our write: it is fresher than us.
        if (!lostRace(error)) throw error;
      }
    }
    return updated;
  }
}

/** The latest last change among rows. */
function newestChange(rows: ServerEntity[]): number {
  return rows.reduce((max, row) => Math.max(max, row.updatedAt.getTime()), 0);
}

/** The earliest last change among rows (now, when there are none). */
function oldestChange(rows: ServerEntity[], now: Date): number {
  return rows.reduce((min, row) => Math.min(min, row.updatedAt.getTime()), now.getTime());
}

/**
 * How long after a tick that took `elapsedMs` the next one starts: one interval after this
 * one started, but never sooner than the tick itself took. When the cloud answers slowly
 * (its API saturated), back-to-back ticks would keep one of its workers busy with our lists
 * alone; leaving it as much idle time as the tick took caps our share of it at half.
 */
export function nextTickDelay(intervalMs: number, elapsedMs: number): number {
  return Math.max(intervalMs, 2 * elapsedMs) - elapsedMs;
}
