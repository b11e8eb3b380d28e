import { createHash } from 'node:crypto';
import { newId } from '../common/ids';
import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../database/unique-violation';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../common/clock/clock';
import { Errors } from '../common/errors/errors';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

/** A response as it is stored for replay. */
export interface StoredResponse {
  status: number;
  body: unknown;
  location?: string;
}

/** Stable JSON: object keys sorted at every level, so equal bodies hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** How long a key is remembered: a retry after that is a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** An unfinished claim older than this is taken over (its request is gone). */
const ABANDONED_AFTER_MS = 5 * 60_000;

export function requestFingerprint(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${route}\n${canonical(body)}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` bookkeeping. A key is claimed inside the request's unit of work,
 * before any effect, with a unique index on (project, key): of two concurrent
 * requests only one can claim it. Only successful responses are kept; a failed
 * request releases its claim, so a retry is evaluated afresh.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(IdempotencyKeyEntity);
  }

  /**
   * Returns the stored response to replay, or claims the key and returns its claim id.
   * Throws 422 when the key was used for another request, 409 while it is in flight.
   */
  async claim(
    projectId: string,
    key: string,
    fingerprint: string,
  ): Promise<{ replay: StoredResponse } | { claimId: string }> {
    const existing = await this.repo.findOneBy({ projectId, key });
    if (
      existing &&
      this.clock.now().getTime() - existing.createdAt.getTime() >= IDEMPOTENCY_TTL_MS
    ) {
      // Expired: the key is free again, for any request (the retention pass deletes such rows).
      await this.repo.delete({ id: existing.id });
      return this.claim(projectId, key, fingerprint);
    }
    if (existing) {
      if (existing.requestHash !== fingerprint) throw Errors.idempotencyKeyReused();
      if (existing.responseStatus === 0) {
        // A claim this old belongs to a request that died between intent and outcome.
        const age = this.clock.now().getTime() - existing.createdAt.getTime();
        if (age < ABANDONED_AFTER_MS) throw Errors.idempotencyKeyInProgress();
        await this.repo.delete({ id: existing.id });
        return this.claim(projectId, key, fingerprint);
      }
      return {
        replay: {
          status: existing.responseStatus,
          body: JSON.parse(existing.responseBody) as unknown,
          location: existing.location ?? undefined,
        },
      };
    }
    const claimId = newId();
    await this.insertClaim({
      id: claimId,
      projectId,
      key,
      requestHash: fingerprint,
      responseStatus: 0,
      responseBody: 'null',
      location: null,
      createdAt: this.clock.now(),
    });
    return { claimId };
  }

  /** Inserts a claim; losing the race on the unique index means another request holds the key. */
  private async insertClaim(row: IdempotencyKeyEntity): Promise<void> {
    try {
      await this.repo.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw Errors.idempotencyKeyInProgress();
      throw error;
    }
  }

  async complete(claimId: string, response: StoredResponse): Promise<void> {
    await this.repo.update(
      { id: claimId },
      {
        responseStatus: response.status,
        responseBody: JSON.stringify(response.body),
        location: response.location ?? null,
      },
    );
  }

  async release(claimId: string): Promise<void> {
    await this.repo.delete({ id: claimId });
  }
}
