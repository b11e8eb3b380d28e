import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/load-config';
import type { OpenStackConnectionConfig } from '../../src/config/openstack-connection-config';
import { realClientEnv } from '../../test/support/real-client-env';
import { startApp, type AppProcess } from './app-process';
import { RestApi } from './rest-api';
import type { ServerCreate } from './server-api';
import { UpstreamCounts } from './upstream-counts';

/** Our service in real mode (`USE_MOCK_OPENSTACK=false`), in a process of its own. */
export interface ServiceUnderTest {
  /** Its REST API, with the admin key. */
  rest: RestApi;
  /** Its `openstack_http_requests_total`, now. */
  upstream(): Promise<UpstreamCounts>;
}

/** A cloud to measure against, and our service pointed at it. */
export interface BenchCloud {
  /** What the cloud is, for the report. */
  label: string;
  /** The cloud's Keystone and credentials, for clients that talk to Nova directly. */
  connection: OpenStackConnectionConfig;
  service: ServiceUnderTest;
  /** What to boot: image, flavor, and anything the cloud wants on every create. */
  server(name: string): ServerCreate;
  close(): Promise<void>;
}

/** A whole number of milliseconds from the environment variable `name`, or `fallback`. */
function milliseconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number of milliseconds`);
  return Number(raw);
}

const secret = () => randomBytes(24).toString('hex');

/**
 * The façade: this app in simulator mode serving the OpenStack API (Keystone, Nova, Glance)
 * with real-time transitions, and the service in real mode talking HTTP to it.
 */
export async function facadeCloud(dir: string): Promise<BenchCloud> {
  // Transition times close to what a Nova with the fake driver takes.
  const buildMs = milliseconds('BENCH_FACADE_BUILD_MS', 2_000);
  const latencyMs = milliseconds('BENCH_FACADE_LATENCY_MS', 800);
  const cloudAdminKey = `bench-cloud-${secret()}`;
  const cloud = await startApp('cloud', dir, {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_TYPE: 'sqlite',
    DATABASE_PATH: `${dir}/cloud.sqlite`,
    ADMIN_API_KEY: cloudAdminKey,
    USE_MOCK_OPENSTACK: 'true',
    OPENSTACK_API_ENABLED: 'true',
    MOCK_OPENSTACK_LATENCY_MS: String(latencyMs),
    RECONCILE_INTERVAL_MS: '0',
    // The cloud stands for Nova, which has no per-key request limit.
    RATE_LIMIT_REQUESTS: '0',
  });
  try {
    // The service's credential on the cloud: a member key of project `demo`, used as the
    // Keystone password (as test/support/openstack-cloud.ts mints it).
    const cloudAdmin = new RestApi(cloud.url, cloudAdminKey);
    const { key } = await cloudAdmin.post<{ key: string }>('/admin/api-keys', {
      projectId: 'demo',
      role: 'member',
      name: 'bench-upstream',
    });
    await cloudAdmin.close();
    const cloudEnv = realClientEnv({
      authUrl: `${cloud.url}/identity/v3`,
      password: key,
      projectName: 'demo',
    });
    const service = await startService(dir, cloudEnv);
    const { imageId, flavorId } = await bootable(service);
    return {
      label:
        `façade: this app's OpenStack API over the simulator at ${cloud.url} ` +
        `(builds ${buildMs} ms, other transitions ${latencyMs} ms)`,
      connection: connectionOf(cloudEnv),
      service,
      server: (name) => ({
        name,
        imageId,
        flavorId,
        metadata: { 'mock:build-ms': String(buildMs) },
      }),
      close: async () => {
        await service.close();
        await cloud.stop();
      },
    };
  } catch (error) {
    await cloud.stop();
    throw error;
  }
}

/**
 * A real cloud named by the environment (`OS_*` of an openrc, `OS_CLOUD`, or
 * `OPENSTACK_*`), and the service in real mode against it.
 */
export async function openstackCloud(dir: string): Promise<BenchCloud> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    // The lab cloud has no networks; a cloud with one may say so.
    OPENSTACK_NETWORKS: process.env.OPENSTACK_NETWORKS ?? 'none',
  };
  const connection = connectionOf(env);
  const service = await startService(dir, env);
  const { imageId, flavorId } = await bootable(service);
  return {
    label: `OpenStack at ${connection.authUrl} (from ${connection.sources.join(', ')})`,
    connection,
    service,
    server: (name) => ({ name, imageId, flavorId }),
    close: () => service.close(),
  };
}

/** The cloud settings the service itself would resolve from `env`. */
function connectionOf(env: Record<string, string | undefined>): OpenStackConnectionConfig {
  return loadConfig({ ...env, USE_MOCK_OPENSTACK: 'false', NODE_ENV: 'test' }).openstack!;
}

/** The service as deployed (production, its default reconciler), on a temp SQLite file. */
async function startService(
  dir: string,
  cloudEnv: Record<string, string | undefined>,
): Promise<ServiceUnderTest & { close(): Promise<void> }> {
  const adminKey = `bench-service-${secret()}`;
  const app: AppProcess = await startApp('service', dir, {
    ...cloudEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_TYPE: 'sqlite',
    DATABASE_PATH: `${dir}/service.sqlite`,
    ADMIN_API_KEY: adminKey,
    USE_MOCK_OPENSTACK: 'false',
    OPENSTACK_NETWORKS: cloudEnv.OPENSTACK_NETWORKS ?? 'none',
    // The bench's clients share one key and poll far faster than a per-key limit allows;
    // the limit is not what is measured.
    RATE_LIMIT_REQUESTS: '0',
  });
  const rest = new RestApi(app.url, adminKey);
  return {
    rest,
    upstream: () => UpstreamCounts.scrape(app.url),
    close: async () => {
      await rest.close();
      await app.stop();
    },
  };
}

interface ImageView {
  id: string;
  status: string;
  visibility: string;
  sizeBytes: number | null;
  minDiskGb: number;
  minRamMb: number;
}
interface FlavorView {
  id: string;
  ramMb: number;
  diskGb: number;
}

/**
 * What to boot, read through the service (as test/openstack/live-fixtures.ts picks it):
 * OPENSTACK_TEST_IMAGE_ID / OPENSTACK_TEST_FLAVOR_ID, or the smallest active public image
 * and the smallest flavor that fits it. These reads reach the cloud, so the service's
 * request counter must show them: a bench counting nothing would only look fast.
 */
async function bootable(service: ServiceUnderTest): Promise<{ imageId: string; flavorId: string }> {
  const { rest } = service;
  let imageId = process.env.OPENSTACK_TEST_IMAGE_ID;
  let image: ImageView | undefined;
  if (imageId) image = await rest.get<ImageView>(`/images/${imageId}`);
  else {
    const images = await rest.get<{ items: ImageView[] }>('/images?status=active&limit=200');
    image = images.items
      .filter((i) => i.status === 'active' && i.visibility === 'public')
      .sort((a, b) => (a.sizeBytes ?? Infinity) - (b.sizeBytes ?? Infinity))[0];
    if (!image) throw new Error('No active public image; set OPENSTACK_TEST_IMAGE_ID.');
    imageId = image.id;
  }
  const flavorId =
    process.env.OPENSTACK_TEST_FLAVOR_ID ??
    (await rest.get<{ items: FlavorView[] }>('/flavors?limit=200')).items
      .filter((f) => f.diskGb >= image.minDiskGb && f.ramMb >= image.minRamMb)
      .sort((a, b) => a.ramMb - b.ramMb || a.diskGb - b.diskGb)[0]?.id;
  if (!flavorId) throw new Error('No flavor fits the image; set OPENSTACK_TEST_FLAVOR_ID.');
  if ((await service.upstream()).total === 0) {
    throw new Error('The service reports no openstack_http_requests_total on /metrics.');
  }
  return { imageId, flavorId };
}
