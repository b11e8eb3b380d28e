import { Injectable } from '@nestjs/common';
import { isDomainError } from '../common/errors/domain-error';
import { Errors } from '../common/errors/errors';
import { UnitOfWork } from '../common/uow/unit-of-work';
import { CloudCalls } from '../compute/cloud-calls';
import { fromCloudError } from '../compute/cloud-error-mapping';
import { CloudError } from '../compute/cloud-errors';
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

/** What the action history says about a failure: our own wording, never upstream text. */
export function describeFailure(error: unknown): string {
  const mapped = mapCloudError(error);
  return mapped instanceof Error ? mapped.message : 'The cloud call failed.';
}

/** A change to a server, split around its cloud call. */
export interface ServerChange<I, C, T> {
  /** Checks the rules and records the intent (inventory row + pending history entry). */
  intent(): Promise<I>;
  /** The cloud call. */
  call(intent: I): Promise<C>;
  /** Records the outcome and says what to answer. */
  outcome(intent: I, result: C): Promise<ActionResult<T>>;
  /** Records a cloud call that failed: the history entry fails, the row is put back. */
  failed(intent: I, error: unknown): Promise<void>;
}

type Begun<I, T> = { replay: ActionResult<T> } | { claimId?: string; intent: I };
type Ended<T> = { response: ActionResult<T> } | { error: unknown };

/**
 * Runs server changes: intent → cloud call → outcome, or → failed. The
 * `Idempotency-Key` is claimed with the intent, before any effect: a replay skips the
 * work; a success is stored for later replays; a failure releases the key so a retry
 * is judged afresh. A request whose key another request is still working on waits for
 * it, then replays its response (or, if it failed, does the work itself).
 *
 * The transaction boundaries follow the client. The simulator joins our transaction:
 * the whole change is one transaction and the call runs in a savepoint, so a refused
 * call undoes the simulator's writes but its failure is still recorded. A real cloud
 * cannot: the intent commits first, the call runs outside any transaction, and the
 * outcome (or the failure) commits after it. Either way a refused action leaves a
 * `failed` history entry and the server as it was.
 */
@Injectable()
export class ServerChangeRunner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cloud: CloudCalls,
    private readonly idempotency: IdempotencyService,
  ) {}

  async run<I, C, T>(
    ctx: RequestContext,
    fingerprint: string,
    change: ServerChange<I, C, T>,
  ): Promise<ActionResult<T>> {
    const deadline = Date.now() + IN_PROGRESS_WAIT_MS;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      try {
        const ended = this.cloud.joinsTransactions
          ? await this.joined(ctx, fingerprint, change)
          : await this.split(ctx, fingerprint, change);
        if ('error' in ended) throw ended.error;
        return ended.response;
      } catch (error) {
        const waiting = isDomainError(error, 'IDEMPOTENCY_KEY_IN_PROGRESS');
        if (!waiting || Date.now() + pause > deadline) throw mapCloudError(error);
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /** One transaction; the call in a savepoint. Safe to redo whole after a lost race. */
  private joined<I, C, T>(ctx: RequestContext, fingerprint: string, change: ServerChange<I, C, T>) {
    return this.uow.retrying(lostRace, () =>
      this.uow.transaction(async (): Promise<Ended<T>> => {
        const begun = await this.begin(ctx, fingerprint, change);
        if ('replay' in begun) return { response: begun.replay };
        let result: C;
        try {
          result = await this.uow.savepoint(() => change.call(begun.intent));
        } catch (error) {
          // The cloud refused: record it. Anything else is ours and undoes everything.
          if (!(error instanceof CloudError)) throw error;
          await this.fail(begun, change, error);
          return { error };
        }
        return { response: await this.finish(begun, change, result) };
      }),
    );
  }

  /** Intent, then the call outside any transaction, then the outcome or the failure. */
  private async split<I, C, T>(
    ctx: RequestContext,
    fingerprint: string,
    change: ServerChange<I, C, T>,
  ): Promise<Ended<T>> {
    const begun = await this.uow.retrying(lostRace, () =>
      this.uow.transaction(() => this.begin(ctx, fingerprint, change)),
    );
    if ('replay' in begun) return { response: begun.replay };
    let result: C;
    try {
      result = await change.call(begun.intent);
    } catch (error) {
      await this.uow.transaction(() => this.fail(begun, change, error));
      return { error };
    }
    // The cloud has acted: only the recording of it may be redone, never the call.
    return {
      response: await this.uow.retrying(lostRace, () =>
        this.uow.transaction(() => this.finish(begun, change, result)),
      ),
    };
  }

  private async begin<I, C, T>(
    ctx: RequestContext,
    fingerprint: string,
    change: ServerChange<I, C, T>,
  ): Promise<Begun<I, T>> {
    const key = ctx.idempotencyKey;
    if (!key) return { intent: await change.intent() };
    const claim = await this.idempotency.claim(ctx.principal.projectId, key, fingerprint);
    if ('replay' in claim) return { replay: claim.replay as ActionResult<T> };
    return { claimId: claim.claimId, intent: await change.intent() };
  }

  private async finish<I, C, T>(
    begun: { claimId?: string; intent: I },
    change: ServerChange<I, C, T>,
    result: C,
  ): Promise<ActionResult<T>> {
    const response = await change.outcome(begun.intent, result);
    if (begun.claimId) await this.idempotency.complete(begun.claimId, response);
    return response;
  }

  private async fail<I, C, T>(
    begun: { claimId?: string; intent: I },
    change: ServerChange<I, C, T>,
    error: unknown,
  ): Promise<void> {
    if (begun.claimId) await this.idempotency.release(begun.claimId);
    await change.failed(begun.intent, error);
  }
}
