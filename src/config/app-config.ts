import type { OpenStackConnectionConfig } from './openstack-connection-config';

/** Typed, validated configuration. Built once at boot by `loadConfig`. */
export class AppConfig {
  readonly nodeEnv!: 'development' | 'production' | 'test';
  readonly host!: string;
  readonly port!: number;
  readonly logLevel!: string;
  readonly useMockOpenStack!: boolean;
  /** The real client's cloud and tuning; present exactly when `useMockOpenStack` is false. */
  readonly openstack?: OpenStackConnectionConfig;
  readonly mockLatencyMs!: number;
  /** How often servers in transition are refreshed from the cloud (0: on read instead). */
  readonly reconcileIntervalMs!: number;
  /** How often every project with servers is checked for changes made outside this API. */
  readonly reconcileIdleIntervalMs!: number;
  readonly database!:
    | { readonly type: 'sqlite'; readonly path: string }
    | { readonly type: 'postgres'; readonly url: string };
  /** The bootstrap admin key (project `admin`). */
  readonly adminApiKey!: string;
  /** The OpenStack-compatible API served over the simulator (Keystone/Nova/Glance wire format). */
  readonly openstackApi!: {
    readonly enabled: boolean;
    readonly tokenTtlSeconds: number;
    /** Base URL for catalog entries; when absent, built from the request's Host header. */
    readonly publicUrl?: string;
  };

  /** Browser origins allowed by CORS; empty means CORS is off. */
  readonly corsOrigins!: readonly string[];
  /** Per API key (or client address) and per replica: `requests` per `windowSeconds`; 0 = off. */
  readonly rateLimit!: { readonly requests: number; readonly windowSeconds: number };

  /** The retention pass: how often it runs (0 = never), how long deleted servers are kept. */
  readonly retention!: { readonly intervalMs: number; readonly deletedHours: number };

  /** The largest image upload taken, in bytes (`IMAGE_UPLOAD_MAX_BYTES`). */
  readonly imageUploadMaxBytes!: number;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}
