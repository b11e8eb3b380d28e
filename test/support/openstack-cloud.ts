import type { ManualClock } from '../../src/common/clock/manual-clock';
import { ADMIN_KEY, createTestApp, type TestApp } from './test-app';

/**
 * Faults the OpenStack-compatible API injects, as `PUT /api/v1/admin/openstack-api/faults`
 * takes them. Counts are "the next n Nova/Glance (and, with `services`, Keystone) calls".
 */
export interface OpenStackFaults {
  /** TTL of tokens issued from now on (overrides OPENSTACK_API_TOKEN_TTL_SECONDS). */
  tokenTtlSeconds?: number;
  /** 401 on the next n calls (the token is treated as expired). */
  unauthorized?: number;
  /** 503 on the next n calls. */
  unavailable?: number;
  /** 429 with `Retry-After` on the next `count` calls. */
  rateLimited?: { count: number; retryAfterSeconds: number };
  /** Wall-clock delay added to every response of the API. */
  latencyMs?: number;
  /** Close the connection without answering the next n calls. */
  dropConnections?: number;
  /** Which services the faults hit (default: compute and image). */
  services?: ('identity' | 'compute' | 'image' | 'network')[];
}

/** A local "cloud": the whole app listening on 127.0.0.1, with a member key for project `demo`. */
export interface OpenStackCloud {
  /** Keystone v3, e.g. `http://127.0.0.1:40123/identity/v3` (use as OS_AUTH_URL). */
  authUrl: string;
  /** `http://127.0.0.1:<port>`: Nova is under `/compute/v2.1`, Glance under `/image`. */
  baseUrl: string;
  /** The bootstrap admin key (project `admin`); also a valid Keystone password. */
  adminKey: string;
  /** A member key of `projectName`; use it as the Keystone password (any user name). */
  memberKey: string;
  /** The member key's project (`demo`), to scope tokens with. */
  projectName: string;
  /** The app's clock: advance it to complete simulated transitions or expire tokens. */
  clock: ManualClock;
  /** The underlying test app (supertest on `t.http`, `t.app.get(...)`). */
  t: TestApp;
  /** Replaces the injected faults (admin endpoint); throws unless the API accepts them. */
  setFaults(faults: OpenStackFaults): Promise<void>;
  /** Removes every injected fault. */
  clearFaults(): Promise<void>;
  /** Mints another API key (a member of `projectId` by default) and returns its secret. */
  mintKey(projectId: string, role?: 'member' | 'admin'): Promise<string>;
  close(): Promise<void>;
}

export const DEMO_PROJECT = 'demo';

/**
 * Boots the full app (SQLite :memory:, simulator, manual clock starting at
 * 2030-01-01T00:00:00Z) on a real port, so HTTP clients of OpenStack can run against it.
 * `env` overrides the test environment (e.g. `{ MOCK_OPENSTACK_LATENCY_MS: '1000' }`).
 */
export async function startOpenStackCloud(
  env: Record<string, string> = {},
): Promise<OpenStackCloud> {
  const t = await createTestApp({ OPENSTACK_API_ENABLED: 'true', ...env }, { listen: true });
  const baseUrl = t.baseUrl!;
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const expectOk = async (res: Response, what: string) => {
    if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  };

  const mintKey = async (projectId: string, role: 'member' | 'admin' = 'member') => {
    const minted = await admin('POST', '/admin/api-keys', {
      projectId,
      role,
      name: 'openstack-cloud',
    });
    await expectOk(minted.clone(), `minting a key of ${projectId}`);
    return ((await minted.json()) as { key: string }).key;
  };

  try {
    const key = await mintKey(DEMO_PROJECT);
    return {
      authUrl: `${baseUrl}/identity/v3`,
      baseUrl,
      adminKey: ADMIN_KEY,
      memberKey: key,
      projectName: DEMO_PROJECT,
      clock: t.clock,
      t,
      setFaults: async (faults) =>
        expectOk(await admin('PUT', '/admin/openstack-api/faults', faults), 'setFaults'),
      clearFaults: async () =>
        expectOk(await admin('DELETE', '/admin/openstack-api/faults'), 'clearFaults'),
      mintKey,
      close: () => t.close(),
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}
