import { Injectable } from '@nestjs/common';
import { isDomainError } from '../common/errors/domain-error';
import { Errors } from '../common/errors/errors';
import { fromCloudError } from '../compute/cloud-error-mapping';
import { type StagedWork, UnitOfWork } from '../common/uow/unit-of-work';
import { CloudCalls } from '../compute/cloud-calls';
import { IdempotencyService } from './idempotency.service';
import type { ActionResult, RequestContext } from './request-context';

/** How long a request waits for another one holding its Idempotency-Key. */
const IN_PROGRESS_WAIT_MS = 15_000;

/** A write that lost an optimistic-locking race: redo it on what the winner committed. */
export function lostRace(error: unknown): boolean {
  return isDomainError(error, 'CONCURRENT_MODIFICATION');
}

/** Cloud errors as this API reports them for a server. */
export function mapCloudError(error: unknown): unknown {
  return fromCloudError(error, () =>
    Errors.upstreamRejected('The server no longer exists in the cloud.'),
  );
}

/**
 * Runs a server change as `UnitOfWork.staged` with the request's Idempotency-Key,
 * redoing lost races and mapping cloud errors to this API's. The key is claimed inside
 * the intent's transaction, before any effect: a replay skips the work entirely; a
 * success is stored for later replays; a failure releases the key so a retry is judged
 * afresh. A request whose key another request is still working on waits for that one
 * to finish, then replays its response (or, if it failed, does the work itself).
 */
@Injectable()
export class IdempotentRunner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cloud: CloudCalls,
    private readonly idempotency: IdempotencyService,
  ) {}

  async run<I, C, T>(
    ctx: RequestContext,
    fingerprint: string,
    work: StagedWork<I, C, ActionResult<T>>,
  ): Promise<ActionResult<T>> {
    const deadline = Date.now() + IN_PROGRESS_WAIT_MS;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      try {
        return await this.runOnce(ctx, fingerprint, work);
      } catch (error) {
        const waiting = isDomainError(error, 'IDEMPOTENCY_KEY_IN_PROGRESS');
        if (!waiting || Date.now() + pause > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async runOnce<I, C, T>(
    ctx: RequestContext,
    fingerprint: string,
    work: StagedWork<I, C, ActionResult<T>>,
  ): Promise<ActionResult<T>> {
    type Claimed = { replay: ActionResult<T> } | { claimId?: string; intent: I };
    try {
      return await this.uow.staged<Claimed, C | null, ActionResult<T>>(
        this.cloud.joinsTransactions,
        {
          intent: async () => {
            const key = ctx.idempotencyKey;
            if (!key) return { intent: await work.intent() };
            const claim = await this.idempotency.claim(ctx.principal.projectId, key, fingerprint);
            if ('replay' in claim) return { replay: claim.replay as ActionResult<T> };
            return { claimId: claim.claimId, intent: await work.intent() };
          },
          call: (claimed) =>
            'replay' in claimed ? Promise.resolve(null) : work.call(claimed.intent),
          outcome: async (claimed, result) => {
            if ('replay' in claimed) return claimed.replay;
            const response = await work.outcome(claimed.intent, result as C);
            if (claimed.claimId) await this.idempotency.complete(claimed.claimId, response);
            return response;
          },
          failed: async (claimed, error) => {
            if ('replay' in claimed) return;
            if (claimed.claimId) await this.idempotency.release(claimed.claimId);
            await work.failed(claimed.intent, error);
          },
        },
        lostRace,
      );
    } catch (error) {
      throw mapCloudError(error);
    }
  }
}
