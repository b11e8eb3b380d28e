/**
 * HTTP requests the service sent to the cloud, by service and method, as its own
 * `openstack_http_requests_total` counter reports them on `/metrics`.
 */
export class UpstreamCounts {
  constructor(readonly byKey: ReadonlyMap<string, number> = new Map()) {}

  /** Reads the counter from the service's Prometheus scrape. */
  static async scrape(serviceUrl: string): Promise<UpstreamCounts> {
    const res = await fetch(`${serviceUrl}/metrics`);
    if (!res.ok) throw new Error(`GET /metrics: HTTP ${res.status}`);
    return UpstreamCounts.parse(await res.text());
  }

  /** `openstack_http_requests_total{service="compute",method="GET",status="200"} 12` lines. */
  static parse(exposition: string): UpstreamCounts {
    const counts = new Map<string, number>();
    for (const line of exposition.split('\n')) {
      const match = /^openstack_http_requests_total\{([^}]*)\}\s+(\S+)/.exec(line);
      if (!match) continue;
      const labels = Object.fromEntries(
        [...match[1].matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
      );
      const key = `${labels.service ?? '?'} ${labels.method ?? '?'}`;
      counts.set(key, (counts.get(key) ?? 0) + Number(match[2]));
    }
    return new UpstreamCounts(counts);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.byKey.values()) sum += n;
    return sum;
  }

  /** What was sent after `earlier` was taken. */
  since(earlier: UpstreamCounts): UpstreamCounts {
    const delta = new Map<string, number>();
    for (const [key, n] of this.byKey) {
      const d = n - (earlier.byKey.get(key) ?? 0);
      if (d !== 0) delta.set(key, d);
    }
    return new UpstreamCounts(delta);
  }

  /** e.g. `compute GET 120, compute POST 80, identity POST 1` (largest first). */
  describe(): string {
    return [...this.byKey]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([key, n]) => `${key} ${n}`)
      .join(', ');
  }
}
