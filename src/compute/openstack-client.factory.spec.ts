import { realClientEnv } from '../../test/support/real-client-env';
import { UnitOfWork } from '../common/uow/unit-of-work';
import type { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { MetricsService } from '../metrics/metrics.service';
import { SEED_FLAVORS } from '../simulator';
import { MockOpenStackClient } from './mock/mock-openstack-client';
import {
  createMockOpenStackTesting,
  type MockOpenStackTesting,
} from './mock/testing/mock-openstack-testing';
import { clientKind, createOpenStackClient } from './openstack-client.factory';
import { RealOpenStackClient } from './real/real-openstack-client';

/** A cloud nobody answers at: the real client is only built here, never called. */
const REAL_ENV = realClientEnv({
  authUrl: 'http://127.0.0.1:9/identity/v3',
  password: 'factory-spec-password',
  projectName: 'factory-spec',
});

describe('createOpenStackClient', () => {
  let t: MockOpenStackTesting;
  let metrics: MetricsService;
  const mockConfig = loadConfig({ USE_MOCK_OPENSTACK: 'true' });
  const realConfig = loadConfig(REAL_ENV);

  beforeAll(async () => {
    t = await createMockOpenStackTesting();
    metrics = new MetricsService(t.txHost, new UnitOfWork(t.txHost, mockConfig));
  });
  afterAll(() => t.close());

  const build = (config: AppConfig) => createOpenStackClient(config, t.cloud, t.clock, metrics);

  it('binds the simulator given to it when the config asks for the mock', async () => {
    expect(clientKind(mockConfig)).toBe('mock');
    const client = await build(mockConfig);
    expect(client).toBeInstanceOf(MockOpenStackClient);
    expect(client.joinsTransactions).toBe(true);
    // It serves that simulator's catalog.
    expect(await client.listFlavors()).toEqual(Object.values(SEED_FLAVORS));
  });

  it('stays on the simulator even when a cloud is configured too', async () => {
    const config = { ...mockConfig, openstack: realConfig.openstack };
    expect(await build(config)).toBeInstanceOf(MockOpenStackClient);
  });

  it('builds the real client when the config asks for it', async () => {
    expect(clientKind(realConfig)).toBe('real');
    expect(realConfig.openstack).toBeDefined();
    const client = await build(realConfig);
    try {
      expect(client).toBeInstanceOf(RealOpenStackClient);
      expect(client.joinsTransactions).toBe(false);
    } finally {
      await (client as RealOpenStackClient).onApplicationShutdown();
    }
  });

  it('refuses the real client without a resolved cloud', async () => {
    const config: AppConfig = { ...realConfig, openstack: undefined };
    await expect(build(config)).rejects.toThrow('USE_MOCK_OPENSTACK=false needs a resolved cloud.');
  });
});
