import { Test } from '@nestjs/testing';
import { SystemClock } from '../../src/common/clock/system-clock';
import { RealOpenStackClient } from '../../src/compute/real/real-openstack-client';
import { CountingHttpObserver } from '../../src/compute/real/testing/counting-http-observer';
import { bootableOnLiveCloud } from './live-fixtures';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { ConfigError } from '../../src/config/config-error';
import { loadConfig } from '../../src/config/load-config';
import { APP_OPTIONS, configureApp, createAdapter } from '../../src/configure-app';

export const LIVE_ADMIN_KEY = 'live-admin-key-0123456789abcdef0123456789';

/**
 * The environment for a run against the cloud named by OS_* / OS_CLOUD / OPENSTACK_*
 * in this process's environment. The lab cloud has no networks, so servers are created
 * with `networks: none` unless OPENSTACK_NETWORKS says otherwise.
 */
export function liveEnv(): Record<string, string | undefined> {
  return {
    ...process.env,
    OPENSTACK_NETWORKS: process.env.OPENSTACK_NETWORKS ?? 'none',
    USE_MOCK_OPENSTACK: 'false',
    NODE_ENV: 'test',
    DATABASE_TYPE: 'sqlite',
    DATABASE_PATH: ':memory:',
    ADMIN_API_KEY: LIVE_ADMIN_KEY,
    LOG_LEVEL: 'silent',
    RECONCILE_INTERVAL_MS: '0',
  };
}

/** The validated config, or a message saying clearly that no cloud is configured. */
export function liveConfig(extraEnv: Record<string, string> = {}): AppConfig {
  try {
    return loadConfig({ ...liveEnv(), ...extraEnv });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new Error(
      'npm run test:openstack needs an OpenStack cloud: source an openrc file ' +
        '(e.g. source demo-openrc), or set OS_CLOUD to a cloud of a clouds.yaml, ' +
        `or set the OPENSTACK_* variables.\n${error.message}`,
    );
  }
}

/** The whole service, on the system clock, with its real client pointed at the live cloud. */
export async function startLiveService(
  extraEnv: Record<string, string> = {},
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(liveConfig(extraEnv))
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(), {
    ...APP_OPTIONS,
    logger: false,
  });
  configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * What a REST scenario boots on the live cloud (image, flavor, a bigger flavor), found with
 * a throwaway real client of its own before the service starts.
 */
export async function liveBootable(): Promise<{
  imageId: string;
  flavorId: string;
  resizeFlavorId: string;
}> {
  const probe = new RealOpenStackClient(
    liveConfig().openstack!,
    new SystemClock(),
    new CountingHttpObserver(),
  );
  try {
    const bootable = await bootableOnLiveCloud(probe, { projectId: 'admin' });
    return {
      imageId: bootable.image.id,
      flavorId: bootable.flavor.id,
      resizeFlavorId: bootable.resizeFlavor.id,
    };
  } finally {
    await probe.onApplicationShutdown();
  }
}
