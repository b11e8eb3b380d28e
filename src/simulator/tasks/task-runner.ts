import { randomUUID } from 'node:crypto';
import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { LessThanOrEqual } from 'typeorm';
import type { Clock } from '../../common/clock/clock';
import { newId } from '../../common/ids';
import type { SimulatorRepositories } from '../simulator-repositories';
import type { MockServerEntity } from '../entities/mock-server.entity';
import { completeTask, type SnapshotOutcome } from './task-completion';
import { TaskState } from '../nova/nova-status';

/** Nova's instance action names, as recorded in `mock_instance_actions`. */
export type InstanceAction = 'create' | 'stop' | 'start' | 'reboot' | 'createImage' | 'delete';

/** Size of a snapshot whose base image has no recorded size. */
const DEFAULT_SNAPSHOT_BYTES = 21_430_272;

/**
 * Starts simulated tasks and completes them lazily: a task is due `durationMs` after
 * it starts on the injected clock, and is applied by the next call that settles the
 * project — never by a timer. A completed row's `updatedAt` is its due time, so
 * `changes-since` sees the change when it happened, not when it was noticed.
 */
export class TaskRunner {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repos: SimulatorRepositories,
    private readonly clock: Clock,
  ) {}

  /**
   * Sets `task` on the server, records the instance action and saves the row; a task
   * due at once (duration 0) is completed before saving.
   */
  async begin(
    server: MockServerEntity,
    action: InstanceAction,
    task: TaskState,
    durationMs: number,
    taskRef: string | null = null,
  ): Promise<void> {
    const now = this.clock.now();
    server.taskState = task;
    server.taskDueAt = new Date(now.getTime() + durationMs);
    server.taskRef = taskRef;
    server.updatedAt = now;
    await this.recordAction(server, action, now);
    await this.settle(server, now);
  }

  /** Kills the snapshot the server is taking, if any: a delete interrupts its upload. */
  async killSnapshot(server: MockServerEntity): Promise<void> {
    if (server.taskState !== TaskState.ImageSnapshot || server.taskRef === null) return;
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

  /** Completes the server's task if it is due by `now` (as of its due time), then saves it. */
  private async settle(server: MockServerEntity, now: Date): Promise<void> {
    const dueAt = server.taskDueAt;
    if (dueAt !== null && dueAt.getTime() <= now.getTime()) {
      const snapshot = completeTask(server, dueAt);
      if (snapshot) await this.finishSnapshot(server, snapshot, dueAt);
    }
    await this.repos.servers.save(server);
  }

  private async finishSnapshot(
    server: MockServerEntity,
    outcome: SnapshotOutcome,
    at: Date,
  ): Promise<void> {
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
    action: InstanceAction,
    now: Date,
  ): Promise<void> {
    await this.repos.actions.insert({
      // Time-ordered, so actions recorded in the same millisecond keep their order.
      id: newId(),
      serverId: server.id,
      projectId: server.projectId,
      action,
      requestId: `req-${randomUUID()}`,
      message: null,
      startTime: now,
      updatedAt: now,
    });
  }
}
