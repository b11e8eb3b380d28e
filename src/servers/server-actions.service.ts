import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { isDomainError } from '../common/errors/domain-error';
import { Errors } from '../common/errors/errors';
import { CloudCalls } from '../compute/cloud-calls';
import { CloudNotFoundError } from '../compute/cloud-errors';
import { requestFingerprint } from './idempotency.service';
import { ImageChecks } from './image-checks';
import {
  type ActionRule,
  isAllowed,
  isTransitional,
  statusDuring,
} from './lifecycle/lifecycle-rules';
import {
  type AnyServerAction,
  SERVER_ACTIONS,
  type ServerActionKey,
} from './lifecycle/server-actions';
import type { ActionResult, RequestContext } from './request-context';
import { describeFailure, ServerChangeRunner } from './server-change-runner';
import { assertUnlocked, underLock } from './server-lock';
import { ServerReader } from './server-reader';
import type { ServerEntity } from './server.entity';
import { ServerStore } from './server-store';
import { toServerDto } from './server.mapper';

/**
 * The lifecycle actions of `SERVER_ACTIONS`: each one's rule checked against the
 * inventory, its task marked, the cloud called and the outcome recorded, through
 * `ServerChangeRunner` (idempotency, history, both client modes).
 */
@Injectable()
export class ServerActionsService {
  constructor(
    private readonly cloud: CloudCalls,
    private readonly store: ServerStore,
    private readonly reader: ServerReader,
    private readonly runner: ServerChangeRunner,
    private readonly refs: ImageChecks,
    private readonly clock: Clock,
  ) {}

  /** Runs the action `name` with its validated request `body`. */
  async act(
    ctx: RequestContext,
    id: string,
    name: ServerActionKey,
    body?: unknown,
  ): Promise<ActionResult<unknown>> {
    const spec: AnyServerAction = SERVER_ACTIONS[name];
    const rule = spec.rule(body);
    const fingerprint = requestFingerprint('POST', `/servers/${id}/${name}`, body ?? {});
    type Intent = { row: ServerEntity; before: ServerEntity; cloudId: string };
    type Done = { result: unknown };
    const gate = (server: ServerEntity) => this.gate(ctx, spec, rule, server);
    const seen = await this.refreshed(ctx, id);
    if (seen) {
      // The state first, then the references in the body, before anything is recorded
      // (the references ask the cloud, so not inside the transaction). With an
      // Idempotency-Key the state is left to the intent: a replay answers whatever the
      // server's state is now.
      if (!ctx.idempotencyKey) gate(seen);
      if (spec.check) await spec.check(body, seen, this.refs);
    }
    return this.runner.run<Intent, Done, unknown>(ctx, fingerprint, {
      intent: async () => {
        const current = await this.store.getVisible(ctx.principal, id);
        const cloudId = gate(current);
        const before = { ...current };
        const row = await this.store.save(current, {
          ...(spec.changes ? spec.changes(body, current) : {}),
          // An action that sets no task (a lock) leaves the server's state as it is.
          ...(rule.taskState !== null
            ? {
                status: statusDuring(current.status, rule.taskState),
                taskState: rule.taskState,
                transitional: true,
                intentAt: this.clock.now(),
              }
            : {}),
        });
        await this.store.addAction(row, spec.history, ctx.requestId);
        return { row, before, cloudId };
      },
      call: ({ row, cloudId }) => {
        const scope = { projectId: row.projectId };
        return this.cloud.run(async (client) => {
          const act = () => spec.call(client, scope, cloudId, body, row);
          try {
            const result =
              (spec.lockRule ?? 'refused') === 'refused'
                ? await underLock(row, client, scope, cloudId, act)
                : await act();
            return { result };
          } catch (error) {
            // Gone already, as the action wanted: a later refresh finds it so.
            if (spec.goneIsDone && error instanceof CloudNotFoundError)
              return { result: undefined };
            throw error;
          }
        });
      },
      outcome: async ({ row }, done) => {
        // No read-back: the cloud has accepted the action, and the server shows the task it
        // is on until the reconciler (or a read) sees it end. Re-read the row to be exact.
        const current = await this.store.getVisible(ctx.principal, row.id);
        const saved = await this.store.save(current, {
          ...(spec.after ? spec.after(body, ctx.principal) : {}),
          intentAt: null,
        });
        if (rule.taskState === null) {
          await this.store.finishPending(row.id, 'succeeded', null, [spec.history]);
        }
        const answer = spec.response ? spec.response.from(done.result) : toServerDto(saved);
        return { status: 202, body: answer };
      },
      failed: async ({ row, before }, error) => {
        const current = await this.store.getVisible(ctx.principal, row.id);
        await this.store.save(current, {
          name: before.name,
          metadata: before.metadata,
          status: before.status,
          taskState: before.taskState,
          transitional: isTransitional(before.status, before.taskState),
          intentAt: null,
        });
        await this.store.finishPending(row.id, 'failed', describeFailure(error), [spec.history]);
      },
    });
  }

  /**
   * Whether the action may run on the server now: its lock rule, then its state rule.
   * Returns the server's cloud id (a server whose create has not reached the cloud yet
   * has nothing to act on).
   */
  private gate(
    ctx: RequestContext,
    spec: AnyServerAction,
    rule: ActionRule,
    current: ServerEntity,
  ): string {
    const lockRule = spec.lockRule ?? 'refused';
    if (lockRule === 'refused' || (lockRule === 'adminLock' && current.lockedBy === 'admin')) {
      assertUnlocked(ctx.principal, current);
    }
    if (!isAllowed(rule, current.status, current.taskState) || !current.cloudId) {
      throw Errors.invalidTransition(rule.word, current.status, current.taskState);
    }
    return current.cloudId;
  }

  /**
   * Brings a server in transition up to date before its rules are checked, so an
   * action right after a transition ends is judged on the new state. A missing server
   * is left for the unit of work to report, where an idempotent replay may still apply.
   */
  private async refreshed(ctx: RequestContext, id: string): Promise<ServerEntity | null> {
    try {
      return await this.reader.fresh(ctx.principal, id);
    } catch (error) {
      if (!(ctx.idempotencyKey && isDomainError(error, 'SERVER_NOT_FOUND'))) throw error;
      return null;
    }
  }
}
