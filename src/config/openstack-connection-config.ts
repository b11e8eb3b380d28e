import type { Secret } from './secret';

/** Something Keystone identifies by id, or by name within a domain. */
export type KeystoneRef =
  { readonly id: string } | { readonly name: string; readonly domain: KeystoneDomainRef };

export type KeystoneDomainRef = { readonly id: string } | { readonly name: string };

/** Keystone v3 `password` method, scoped to one project (the catalog needs a project scope). */
export interface PasswordAuth {
  readonly kind: 'password';
  readonly user: KeystoneRef;
  readonly password: Secret;
  readonly project: KeystoneRef;
}

/**
 * Keystone v3 `application_credential` method. The credential carries its own project
 * scope, so the token request has no `scope`.
 */
export interface ApplicationCredentialAuth {
  readonly kind: 'application_credential';
  /** By id, or by name together with its owning user. */
  readonly credential:
    { readonly id: string } | { readonly name: string; readonly user: KeystoneRef };
  readonly secret: Secret;
}

/** Keystone `interface` of the catalog endpoints to use. */
export type EndpointInterface = 'public' | 'internal' | 'admin';

/**
 * What the real client needs to reach one OpenStack cloud: validated and normalised
 * by `loadConfig` from `OPENSTACK_*`, `OS_*` or `OS_CLOUD` + clouds.yaml.
 */
export interface OpenStackConnectionConfig {
  /** Keystone URL as configured (versioned or not). */
  readonly authUrl: string;
  readonly auth: PasswordAuth | ApplicationCredentialAuth;
  /** Catalog region; when absent the first endpoint of the interface wins, as in keystoneauth. */
  readonly regionName?: string;
  readonly interface: EndpointInterface;
  /**
   * `networks` of a server create at microversion >= 2.37: `auto` (Nova picks or
   * allocates one, openstacksdk's default), `none`, or explicit network ids.
   */
  readonly networks: 'auto' | 'none' | readonly string[];
  /** Per HTTP request, connection to last body byte. */
  readonly timeoutMs: number;
  /** Retries of an idempotent request after the first attempt. */
  readonly maxRetries: number;
  readonly breaker: { readonly failureThreshold: number; readonly cooldownMs: number };
  readonly tls: { readonly ca?: string; readonly insecure: boolean };
  /** Where the settings came from (variable families / clouds.yaml file), for the boot log. */
  readonly sources: readonly string[];
}
