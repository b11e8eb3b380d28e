/** Sums of one Prometheus counter, grouped by some of its labels. */
export class CounterSums {
  constructor(readonly byKey: ReadonlyMap<string, number> = new Map()) {}

  /** The samples of `metric` in a text exposition, summed by the key `keyOf` gives their labels. */
  static parse(
    exposition: string,
    metric: string,
    keyOf: (labels: ReadonlyMap<string, string>) => string,
  ): CounterSums {
    const sums = new Map<string, number>();
    for (const line of exposition.split('\n')) {
      if (!line.startsWith(`${metric}{`)) continue;
      const match = /^[^{]+\{([^}]*)\}\s+(\S+)/.exec(line);
      if (!match) continue;
      const values = new Map(
        [...match[1].matchAll(/(\w+)="([^"]*)"/g)].map(([, name, value]) => [name, value]),
      );
      const key = keyOf(values);
      sums.set(key, (sums.get(key) ?? 0) + Number(match[2]));
    }
    return new CounterSums(sums);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.byKey.values()) sum += n;
    return sum;
  }

  /** What was counted after `earlier`. */
  since(earlier: CounterSums): CounterSums {
    const delta = new Map<string, number>();
    for (const [key, n] of this.byKey) {
      const d = n - (earlier.byKey.get(key) ?? 0);
      if (d !== 0) delta.set(key, d);
    }
    return new CounterSums(delta);
  }

  /** e.g. `compute GET 120, compute POST 80` (largest first). */
  describe(): string {
    return [...this.byKey]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([key, n]) => `${key} ${n}`)
      .join(', ');
  }
}

/**
 * What the service sent to the cloud, from its own `/metrics`: HTTP requests by service
 * and method (`openstack_http_requests_total`, Keystone and retries included: the number
 * the targets count), the calls of its OpenStack port by operation, and outcome when
 * not ok (`openstack_calls_total`: which code paths the requests come from), and the time
 * those calls took by operation (`openstack_call_duration_seconds`: where a tick's time goes).
 */
export class UpstreamCounts {
  constructor(
    readonly requests: CounterSums,
    readonly calls: CounterSums,
    readonly seconds: CounterSums = new CounterSums(),
  ) {}

  static async scrape(serviceUrl: string): Promise<UpstreamCounts> {
    const res = await fetch(`${serviceUrl}/metrics`);
    if (!res.ok) throw new Error(`GET /metrics: HTTP ${res.status}`);
    return UpstreamCounts.parse(await res.text());
  }

  static parse(exposition: string): UpstreamCounts {
    return new UpstreamCounts(
      CounterSums.parse(
        exposition,
        'openstack_http_requests_total',
        (l) => `${l.get('service')} ${l.get('method')}`,
      ),
      // A call that failed is told apart: the circuit breaker fails calls without a request.
      CounterSums.parse(exposition, 'openstack_calls_total', (l) =>
        l.get('outcome') === 'ok'
          ? `${l.get('operation')}`
          : `${l.get('operation')} ${l.get('outcome')}`,
      ),
      CounterSums.parse(
        exposition,
        'openstack_call_duration_seconds_sum',
        (l) => `${l.get('operation')}`,
      ),
    );
  }

  get total(): number {
    return this.requests.total;
  }

  /** HTTP requests of one service and method, e.g. `compute POST`. */
  count(serviceAndMethod: string): number {
    return this.requests.byKey.get(serviceAndMethod) ?? 0;
  }

  since(earlier: UpstreamCounts): UpstreamCounts {
    return new UpstreamCounts(
      this.requests.since(earlier.requests),
      this.calls.since(earlier.calls),
      this.seconds.since(earlier.seconds),
    );
  }

  /** The mean time of an operation's calls (every outcome), in ms; null when not timed. */
  meanMs(operation: string): number | null {
    const seconds = this.seconds.byKey.get(operation);
    let count = 0;
    for (const [key, n] of this.calls.byKey) {
      if (key === operation || key.startsWith(`${operation} `)) count += n;
    }
    return seconds === undefined || count === 0 ? null : (seconds * 1000) / count;
  }

  describe(): string {
    const means = [...this.seconds.byKey.keys()]
      .sort()
      .map((op) => [op, this.meanMs(op)] as const)
      .filter((entry): entry is readonly [string, number] => entry[1] !== null)
      .map(([op, ms]) => `${op} ${Math.round(ms)}`)
      .join(', ');
    return (
      `${this.requests.describe()} (calls: ${this.calls.describe()})` +
      (means ? `; mean ms per call: ${means}` : '')
    );
  }
}
