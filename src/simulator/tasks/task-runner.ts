import { randomUUID } from 'node:crypto';
import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { LessThanOrEqual } from 'typeorm';
import type { Clock } from '../../common/clock/clock';
import { newId } from '../../common/ids';
import { FailureInjection } from '../failure-injection';
import type { SimulatorRepositories } from '../simulator-repositories';
import type { MockServerEntity } from '../entities/mock-server.entity';
import { completeTask, enterStep, type SnapshotOutcome } from './task-completion';
import { NOVA_ACTIONS, type NovaActionKey } from '../nova/nova-actions';
import { TaskState, VmState } from '../nova/nova-status';

/** Size of a snapshot whose base image has no recorded size. */
const DEFAULT_SNAPSHOT_BYTES = 21_430_272;

/**
 * Starts simulated tasks and moves them on lazily: an action's task states each take an
 * equal share of its duration on the injected clock, and are applied by the next call
 * that settles the project — never by a timer. A completed row's `updatedAt` is its due time, so
 * `changes-since` sees the change when it happened, not when it was noticed.
 */
export class TaskRunner {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repos: SimulatorRepositories,
    private readonly clock: Clock,
    /** How long an action's task takes in all, unless its caller says otherwise. */
    private readonly latencyMs: number,
    /**
     * Called when a server's ports must go: it was deleted, or its build failed (Nova
     * deallocates the network of a build it aborts).
     */
    private readonly releasePorts: (serverId: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  /**
   * Starts the action on the server (its first task state), records the instance action
   * and saves the row; what is due at once (duration 0, or an action without task
   * states) is completed before saving. Returns a copy of the server as the action was
   * accepted (in its first task state), which is what Nova's API answers with.
   */
  async begin(
    server: MockServerEntity,
    key: NovaActionKey,
    options: { durationMs?: number; taskRef?: string | null; requestId?: string } = {},
  ): Promise<MockServerEntity> {
    const action = NOVA_ACTIONS[key];
    const now = this.clock.now();
    server.updatedAt = now;
    await this.recordAction(server, action.name, now, options.requestId);
    const [first] = action.steps;
    if (!first) {
      // No task of its own (a lock, a confirm): it ends at once, and a task in progress
      // (a lock during a build) goes on untouched.
      action.finish(server, now, FailureInjection.fromMetadata(server.metadata));
      await this.settle(server, now);
      return { ...server };
    }
    const durationMs = options.durationMs ?? this.latencyMs;
    server.taskAction = key;
    server.taskRef = options.taskRef ?? null;
    enterStep(server, first);
    server.taskDueAt = new Date(now.getTime() + durationMs / action.steps.length);
    const accepted = { ...server };
    await this.settle(server, now);
    return accepted;
  }

  /** Kills the snapshot (or backup) the server is taking, if any: a delete interrupts its upload. */
  async killSnapshot(server: MockServerEntity): Promise<void> {
    const uploading = [TaskState.ImageSnapshot, TaskState.ImageBackup] as (string | null)[];
    if (!uploading.includes(server.taskState) || server.taskRef === null) return;
    await this.repos.images.update(
      { id: server.taskRef, status: 'queued' },
      { status: 'killed', updatedAt: this.clock.now() },
    );
  }

  /** Completes the project's due tasks: one query for them, then each is applied. */
  async settleDue(projectId: string): Promise<void> {
    const now = this.clock.now();
    const due = await this.repos.servers.findBy({ projectId, taskDueAt: LessThanOrEqual(now) });
    if (due.length === 0) return;
    await this.txHost.withTransaction(async () => {
      for (const server of due) await this.settle(server, now);
    });
  }

  /** Moves the server's task on through every step due by `now` (each as of its due time), then saves it. */
  private async settle(server: MockServerEntity, now: Date): Promise<void> {
    for (let dueAt = server.taskDueAt; dueAt !== null && dueAt.getTime() <= now.getTime();) {
      const building = server.taskAction === 'create' || server.taskState === TaskState.Spawning;
      const deleted = server.deleted;
      const snapshot = completeTask(server, dueAt, this.stepMs(server));
      if (snapshot) await this.finishSnapshot(server, snapshot, dueAt);
      const buildFailed = building && server.taskState === null && server.vmState === VmState.Error;
      if ((server.deleted && !deleted) || buildFailed) await this.releasePorts(server.id);
      dueAt = server.taskDueAt;
    }
    await this.repos.servers.save(server);
  }

  /** How long each step of the server's action takes. */
  private stepMs(server: MockServerEntity): number {
    const key = server.taskAction as NovaActionKey | null;
    const steps = key !== null && key in NOVA_ACTIONS ? NOVA_ACTIONS[key].steps.length : 1;
    return this.latencyMs / Math.max(1, steps);
  }

  private async finishSnapshot(
    server: MockServerEntity,
    outcome: SnapshotOutcome,
    at: Date,
  ): Promise<void> {
    if (outcome.status === 'deleted') {
      await this.repos.images.delete({ id: outcome.imageId });
      return;
    }
    let sizeBytes: number | null = null;
    if (outcome.status === 'active') {
      const base = await this.repos.images.findOneBy({ id: server.imageId });
      sizeBytes = base?.sizeBytes ?? DEFAULT_SNAPSHOT_BYTES;
    }
    // Only a snapshot still uploading changes (a delete may have killed it already).
    await this.repos.images.update(
      { id: outcome.imageId, status: 'queued' },
      { status: outcome.status, sizeBytes, updatedAt: at },
    );
  }

  private async recordAction(
    server: MockServerEntity,
    action: string,
    now: Date,
    requestId = `req-${randomUUID()}`,
  ): Promise<void> {
    await this.repos.actions.insert({
      // Time-ordered, so actions recorded in the same millisecond keep their order.
      id: newId(),
      serverId: server.id,
      projectId: server.projectId,
      action,
      requestId,
      message: null,
      startTime: now,
      updatedAt: now,
    });
  }
}
