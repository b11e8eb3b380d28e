import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { SingleFlight } from '../common/single-flight';
import { CloudCalls } from '../compute/cloud-calls';
import type { ServerEntity } from './server.entity';

/** The shortest gap between two on-demand refreshes of one unchanged server. */
export const MIN_REFRESH_GAP_MS = 250;
/** Servers remembered at most (the oldest are forgotten first). */
const REMEMBERED = 10_000;

/**
 * Bounds on-demand refreshes of a server from the cloud: concurrent requests for one
 * server share one refresh, and, with a remote cloud, a server refreshed less than
 * `MIN_REFRESH_GAP_MS` ago that has not changed since is not refreshed again: however
 * many clients poll a server, the cloud is asked about it at most four times a second.
 * The simulator lives in our own database, so there is no remote API to spare and every
 * read sees its latest state.
 */
@Injectable()
export class RefreshGate {
  private readonly flights = new SingleFlight<string, ServerEntity>();
  /** When each server was last refreshed, and the version that refresh left. */
  private readonly last = new Map<string, { at: number; version: number }>();

  private readonly gapMs: number;

  constructor(
    private readonly clock: Clock,
    cloud: CloudCalls,
  ) {
    this.gapMs = cloud.joinsTransactions ? 0 : MIN_REFRESH_GAP_MS;
  }

  /** `refresh()`'s row, a refresh in flight's, or `row` itself when refreshed just now. */
  run(row: ServerEntity, refresh: () => Promise<ServerEntity>): Promise<ServerEntity> {
    const seen = this.last.get(row.id);
    if (seen && seen.version === row.version && this.clock.now().getTime() - seen.at < this.gapMs) {
      return Promise.resolve(row);
    }
    return this.flights.run(row.id, async () => {
      const fresh = await refresh();
      this.remember(fresh);
      return fresh;
    });
  }

  private remember(row: ServerEntity): void {
    this.last.delete(row.id);
    if (!row.transitional || row.deletedAt) return;
    this.last.set(row.id, { at: this.clock.now().getTime(), version: row.version });
    if (this.last.size > REMEMBERED) this.last.delete(this.last.keys().next().value!);
  }
}
