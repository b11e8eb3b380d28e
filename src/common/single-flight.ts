/**
 * Coalesces concurrent calls: while a call for a key is in flight, every other caller
 * for that key gets the same promise instead of starting its own. Once it settles, the
 * next call starts afresh (nothing is cached beyond the flight).
 */
export class SingleFlight<K, V> {
  private readonly flights = new Map<K, Promise<V>>();

  run(key: K, fn: () => Promise<V>): Promise<V> {
    const inFlight = this.flights.get(key);
    if (inFlight) return inFlight;
    const flight = (async () => {
      try {
        return await fn();
      } finally {
        this.flights.delete(key);
      }
    })();
    this.flights.set(key, flight);
    return flight;
  }

  /** Whether a call for `key` is in flight. */
  has(key: K): boolean {
    return this.flights.has(key);
  }
}
