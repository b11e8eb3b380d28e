import type { OpenStackHttpObserver, OpenStackService } from '../http-exchange';

type Exchange = Parameters<OpenStackHttpObserver['onExchange']>[0];
type Filter = Partial<Pick<Exchange, 'service' | 'method' | 'outcome'>>;

/** Records every HTTP exchange of a client, for specs that assert request counts. */
export class CountingHttpObserver implements OpenStackHttpObserver {
  readonly exchanges: Exchange[] = [];

  onExchange(exchange: Exchange): void {
    this.exchanges.push(exchange);
  }

  /** Exchanges matching every given field. */
  count(filter: Filter = {}): number {
    return this.matching(filter).length;
  }

  /** The URLs of the exchanges matching every given field, in order. */
  urls(filter: Filter = {}): URL[] {
    return this.matching(filter).map((e) => new URL(e.url));
  }

  /** Keystone token requests. */
  get authRequests(): number {
    return this.count({ service: 'identity', method: 'POST' });
  }

  byService(): Record<OpenStackService, number> {
    const out = { identity: 0, compute: 0, image: 0, network: 0 };
    for (const e of this.exchanges) out[e.service] += 1;
    return out;
  }

  reset(): void {
    this.exchanges.length = 0;
  }

  private matching(filter: Filter): Exchange[] {
    return this.exchanges.filter((e) =>
      Object.entries(filter).every(([key, value]) => e[key as keyof Exchange] === value),
    );
  }
}
