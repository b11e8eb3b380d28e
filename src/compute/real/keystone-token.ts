import type { EndpointInterface } from '../../config/openstack-connection-config';
import type { ServiceCatalog } from './service-catalog';

/** Refresh when this share of the token's lifetime is left... */
const REFRESH_SHARE = 0.1;
/** ...or this much time, whichever is less (so short-lived tokens are still used). */
const REFRESH_MAX_MS = 5 * 60_000;

/**
 * A Keystone token and its catalog. Its expiry is kept on the local clock: the
 * lifetime Keystone states (`expires_at - issued_at`) counted from when the token was
 * received, so clock skew between this host and Keystone does not matter.
 */
export class KeystoneToken {
  /** From here on, a new token is fetched in the background while this one is still used. */
  readonly refreshAt: number;
  /** From here on, callers wait for a new token rather than risk a 401. */
  readonly staleAt: number;
  private readonly endpoints = new Map<string, string>();

  constructor(
    readonly value: string,
    private readonly catalog: ServiceCatalog,
    readonly projectId: string | null,
    receivedAt: number,
    lifetimeMs: number,
  ) {
    const margin = Math.min(REFRESH_MAX_MS, lifetimeMs * REFRESH_SHARE);
    this.refreshAt = receivedAt + lifetimeMs - margin;
    this.staleAt = receivedAt + lifetimeMs - margin / 2;
  }

  /** Parses the lifetime from a token body's `issued_at`/`expires_at`; `now` if unknown. */
  static lifetimeMs(token: { issued_at?: unknown; expires_at?: unknown }, now: number): number {
    const expires = Date.parse(String(token.expires_at));
    if (Number.isNaN(expires)) return 0;
    const issued = Date.parse(String(token.issued_at));
    return Math.max(0, expires - (Number.isNaN(issued) ? now : issued));
  }

  /** The catalog URL of a service type (memoised per token). */
  endpoint(type: string, endpointInterface: EndpointInterface, region?: string): string {
    const key = `${type}|${endpointInterface}|${region ?? ''}`;
    let url = this.endpoints.get(key);
    if (url === undefined) {
      url = this.catalog.endpoint(type, endpointInterface, region);
      this.endpoints.set(key, url);
    }
    return url;
  }
}
