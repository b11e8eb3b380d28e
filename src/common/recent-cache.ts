import type { Clock } from './clock/clock';
import { SingleFlight } from './single-flight';

/**
 * Values recently loaded, kept for `ttlMs`: concurrent loads of one key share one call,
 * and loads within the time-to-live are answered from memory. For lookups that many
 * requests repeat and that may be a little stale (the cloud checks again anyway).
 */
export class RecentCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  private readonly flight = new SingleFlight<string, V>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000,
  ) {}

  /** The value of `key`: remembered, or loaded (and remembered when `keep` says so). */
  get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.clock.now().getTime() - hit.at < this.ttlMs) return Promise.resolve(hit.value);
    return this.flight.run(key, async () => {
      const value = await load();
      if (keep(value)) this.set(key, value);
      return value;
    });
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.clock.now().getTime() });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
