import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AppConfig } from '../../config/app-config';
import { SerialQueue } from './serial-queue';

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
   * Runs `fn` inside the current transaction as a savepoint: if it throws, its writes
   * are undone and the error propagates, while the transaction itself goes on.
   */
  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.txHost.isTransactionActive()) throw new Error('savepoint() needs a transaction');
    return this.txHost.withTransaction(Propagation.Nested, fn);
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
