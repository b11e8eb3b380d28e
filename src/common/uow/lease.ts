import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';

/**
 * A cluster-wide "only one of us at a time" for background work. With several API
 * replicas on one PostgreSQL database, a session advisory lock lets exactly one replica
 * run a reconciler pass while the others skip it, instead of each making the same
 * cloud calls. SQLite means one process, so the work simply runs.
 */
@Injectable()
export class Lease {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Runs `fn` if no other replica holds the lease `name`; returns null when one does. */
  async run<T>(name: string, fn: () => Promise<T>): Promise<T | null> {
    if (this.config.database.type !== 'postgres') return fn();
    const key = lockKey(name);
    // A dedicated connection: session locks belong to the connection that took them.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as {
        locked: boolean;
      }[];
      if (!row?.locked) return null;
      try {
        return await fn();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      await runner.release();
    }
  }
}

/** A stable 63-bit key for a lease name (advisory locks are keyed by bigint). */
function lockKey(name: string): string {
  const digest = createHash('sha256').update(`vm-lifecycle:${name}`).digest();
  return (digest.readBigInt64BE(0) & 0x7fffffffffffffffn).toString();
}
