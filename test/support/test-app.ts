import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock/clock';
import { ManualClock } from '../../src/common/clock/manual-clock';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { APP_OPTIONS, configureApp, createAdapter } from '../../src/configure-app';
import { ServerReconciler } from '../../src/servers/server-reconciler';
import { ProblemObserver } from './problem-observer';
import { realClientEnv } from './real-client-env';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  clock: ManualClock;
  reconciler: ServerReconciler;
  /**
   * The app whose simulator is this app's cloud: the app itself, or, in the `e2e-real`
   * project, the second app its real client talks to. Its `mock_*` tables are the cloud's
   * state. (A suite that points an app at a cloud of its own has that cloud at hand.)
   */
  cloudApp: NestFastifyApplication;
  /** The raw HTTP server, for supertest. */
  http: ReturnType<NestFastifyApplication['getHttpServer']>;
  /** `http://127.0.0.1:<port>` when booted with `{ listen: true }`. */
  baseUrl?: string;
  /** The environment that points another app at this app's database (PostgreSQL runs only). */
  databaseEnv: Record<string, string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * Listen on 127.0.0.1 on a free port (for clients that need a real URL, such as the
   * OpenStack-compatible API's), instead of only initialising the app for supertest.
   */
  listen?: boolean;
  /** The clock to inject (default: a new ManualClock at 2030-01-01T00:00:00Z). */
  clock?: ManualClock;
}

/**
 * `E2E_OPENSTACK_CLIENT=real` (set by `npm run test:e2e-real`) runs the REST suites
 * with the real OpenStack client against a second app serving the OpenStack-compatible
 * API, instead of with the simulator bound in-process. Suites that pick a client
 * themselves (by setting USE_MOCK_OPENSTACK) are left alone.
 */
export const REAL_CLIENT = process.env.E2E_OPENSTACK_CLIENT === 'real';

/**
 * `E2E_POSTGRES_URL` (set by `npm run test:postgres`, which starts a throwaway server) runs
 * each app on a fresh PostgreSQL database of its own instead of SQLite :memory:.
 */
const POSTGRES_URL = process.env.E2E_POSTGRES_URL;

/**
 * Boots the whole AppModule exactly as main.ts does, on SQLite :memory: with the
 * migrations, the simulator, and a manual clock. Only the environment differs.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  if (
    REAL_CLIENT &&
    env.USE_MOCK_OPENSTACK === undefined &&
    env.OPENSTACK_API_ENABLED === undefined
  ) {
    return createServiceOnCloud(env, options);
  }
  return bootApp(env, options);
}

/** The service with the real client, and the cloud it talks to, sharing one clock. */
async function createServiceOnCloud(
  env: Record<string, string>,
  options: TestAppOptions,
): Promise<TestApp> {
  const clock = options.clock ?? new ManualClock('2030-01-01T00:00:00.000Z');
  const cloudEnv: Record<string, string> = { OPENSTACK_API_ENABLED: 'true' };
  if (env.MOCK_OPENSTACK_LATENCY_MS)
    cloudEnv.MOCK_OPENSTACK_LATENCY_MS = env.MOCK_OPENSTACK_LATENCY_MS;
  const cloud = await bootApp(cloudEnv, { listen: true, clock });
  try {
    const service = await bootApp(
      {
        ...env,
        ...realClientEnv({
          authUrl: `${cloud.baseUrl!}/identity/v3`,
          password: ADMIN_KEY,
          projectName: 'admin',
        }),
      },
      { ...options, clock },
    );
    return {
      ...service,
      cloudApp: cloud.app,
      close: async () => {
        await service.close();
        await cloud.close();
      },
    };
  } catch (error) {
    await cloud.close();
    throw error;
  }
}

async function bootApp(env: Record<string, string>, options: TestAppOptions): Promise<TestApp> {
  // An app given a database (a second replica on the first one's) does not make its own.
  const database = env.DATABASE_URL ? NO_DATABASE : await testDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_PATH: ':memory:',
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'silent',
    RECONCILE_INTERVAL_MS: '0',
    RETENTION_INTERVAL_MS: '0',
    ...database.env,
    ...env,
  });
  const clock = options.clock ?? new ManualClock('2030-01-01T00:00:00.000Z');
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(), {
    ...APP_OPTIONS,
    logger: false,
  });
  configureApp(app);
  const problems = new ProblemObserver(app);
  let baseUrl: string | undefined;
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${address.port}`;
  } else {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }
  return {
    app,
    cloudApp: app,
    clock,
    reconciler: app.get(ServerReconciler),
    http: app.getHttpServer(),
    baseUrl,
    databaseEnv: database.env,
    close: async () => {
      const undeclared = await problems.undeclared();
      await app.close();
      await database.drop();
      if (undeclared.length > 0) {
        throw new Error(
          `Answers that the OpenAPI document does not declare for their operation:\n${undeclared.join('\n')}`,
        );
      }
    },
  };
}

const NO_DATABASE = { env: {}, drop: () => Promise.resolve() };

/** SQLite :memory: by default; with E2E_POSTGRES_URL, a new PostgreSQL database per app. */
async function testDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (!POSTGRES_URL) return NO_DATABASE;
  const name = `vm_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_TYPE: 'postgres', DATABASE_URL: url.toString() },
    drop: async () => {
      const client = new Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
