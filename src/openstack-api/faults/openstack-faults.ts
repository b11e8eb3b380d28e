import { Injectable } from '@nestjs/common';

/** The services of the OpenStack-compatible API, by their catalog type. */
export type OpenStackService = 'identity' | 'compute' | 'image' | 'network';
export const OPENSTACK_SERVICES: readonly OpenStackService[] = [
  'identity',
  'compute',
  'image',
  'network',
];

export interface FaultSettings {
  tokenTtlSeconds: number | null;
  unauthorized: number;
  unavailable: number;
  rateLimited: { count: number; retryAfterSeconds: number } | null;
  latencyMs: number;
  dropConnections: number;
  services: OpenStackService[];
}

/** A fault to inflict on one call. */
export type InjectedFault =
  | { kind: 'drop' }
  | { kind: 'unauthorized' }
  | { kind: 'unavailable' }
  | { kind: 'rateLimited'; retryAfterSeconds: number };

const NONE: FaultSettings = {
  tokenTtlSeconds: null,
  unauthorized: 0,
  unavailable: 0,
  rateLimited: null,
  latencyMs: 0,
  dropConnections: 0,
  services: ['compute', 'image'],
};

/**
 * Faults the OpenStack-compatible API injects, for testing clients against it. The state
 * lives in this process only: with several replicas, each has its own (set it on the one
 * the client talks to). Counted faults are consumed one per API call of the chosen
 * services, in this order: dropped connections, 401s, 503s, then 429s.
 */
@Injectable()
export class OpenStackFaults {
  private state: FaultSettings = copy(NONE);

  get(): FaultSettings {
    return copy(this.state);
  }

  /** Replaces every setting; omitted ones return to their defaults. */
  set(settings: Partial<FaultSettings>): FaultSettings {
    const defined = Object.fromEntries(
      Object.entries(settings).filter(([, value]) => value !== undefined),
    ) as Partial<FaultSettings>;
    this.state = copy({ ...NONE, ...defined });
    return this.get();
  }

  clear(): void {
    this.state = copy(NONE);
  }

  /** The TTL for a token issued now. */
  tokenTtlSeconds(configured: number): number {
    return this.state.tokenTtlSeconds ?? configured;
  }

  /** Wall-clock delay to add to a response of `service`. */
  latencyMs(service: OpenStackService): number {
    return this.state.services.includes(service) ? this.state.latencyMs : 0;
  }

  /** The fault for this API call of `service`, if any is left; counts it down. */
  take(service: OpenStackService): InjectedFault | null {
    const s = this.state;
    if (!s.services.includes(service)) return null;
    if (s.dropConnections > 0) {
      s.dropConnections -= 1;
      return { kind: 'drop' };
    }
    if (s.unauthorized > 0) {
      s.unauthorized -= 1;
      return { kind: 'unauthorized' };
    }
    if (s.unavailable > 0) {
      s.unavailable -= 1;
      return { kind: 'unavailable' };
    }
    if (s.rateLimited && s.rateLimited.count > 0) {
      s.rateLimited.count -= 1;
      return { kind: 'rateLimited', retryAfterSeconds: s.rateLimited.retryAfterSeconds };
    }
    return null;
  }
}

function copy(settings: FaultSettings): FaultSettings {
  return {
    ...settings,
    rateLimited: settings.rateLimited ? { ...settings.rateLimited } : null,
    services: [...settings.services],
  };
}
