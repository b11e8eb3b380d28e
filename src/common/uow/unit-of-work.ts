import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AppConfig } from '../../config/app-config';
import { SerialQueue } from './serial-queue';

/** A lifecycle request split around its cloud call. */
export interface StagedWork<I, C, R> {
  /** Checks rules and records intent (inventory + pending action). */
  intent: () => Promise<I>;
  /** The cloud call. */
  call: (intent: I) => Promise<C>;
  /** Records the outcome. */
  outcome: (intent: I, result: C) => Promise<R>;
  /** Records a failed call (only used when the call ran outside the transaction). */
  failed: (intent: I, error: unknown) => Promise<void>;
}

/**
 * The request's unit of work. The transaction travels in AsyncLocalStorage
 * (nestjs-cls), so the simulator's repositories join it without being handed a manager.
 *
 * better-sqlite3 is a single connection: two interleaved transactions would share it,
 * so on SQLite top-level units of work (and reads, which would otherwise see another
 * request's uncommitted rows) run one at a time. PostgreSQL needs no such queue.
 */
@Injectable()
export class UnitOfWork {
  private readonly queue: SerialQueue | null;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    config: AppConfig,
  ) {
    this.queue = config.database.type === 'sqlite' ? new SerialQueue() : null;
  }

  /** Runs `fn` in a transaction (joining the current one if there is one). */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) return fn();
    const run = () => this.txHost.withTransaction(fn);
    return this.queue ? this.queue.run(run) : run();
  }

  /** Runs read-only work with a consistent view of committed data. */
  read<T>(fn: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive() || !this.queue) return fn();
    return this.queue.run(fn);
  }

  /**
   * Runs intent → cloud call → outcome. When the client joins our transactions (the
   * simulator) the three are one transaction: all of it commits or none. When it
   * cannot (a real cloud), intent commits first, the call runs outside any
   * transaction, and the outcome (or the failure) commits after it.
   */
  async staged<I, C, R>(
    joinsTransaction: boolean,
    work: StagedWork<I, C, R>,
    retryable: (error: unknown) => boolean = () => false,
  ): Promise<R> {
    if (joinsTransaction) {
      // Everything rolls back together, the simulated cloud included: safe to redo whole.
      return this.retrying(retryable, () =>
        this.transaction(async () => {
          const intent = await work.intent();
          const result = await work.call(intent);
          return work.outcome(intent, result);
        }),
      );
    }
    const intent = await this.retrying(retryable, () => this.transaction(work.intent));
    let result: C;
    try {
      result = await work.call(intent);
    } catch (error) {
      await this.transaction(() => work.failed(intent, error));
      throw error;
    }
    // The cloud has acted: only the recording of it may be redone, never the call.
    return this.retrying(retryable, () => this.transaction(() => work.outcome(intent, result)));
  }

  /**
   * Runs a transaction again when it lost a race another writer won (e.g. an optimistic
   * lock), so the redo is judged on what that writer committed. On SQLite, where units
   * of work run one at a time, such races do not happen.
   */
  async retrying<T>(retryable: (error: unknown) => boolean, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !retryable(error)) throw error;
      }
    }
  }
}

/** Attempts of a transaction that keeps losing races before its error is returned. */
const MAX_ATTEMPTS = 5;
