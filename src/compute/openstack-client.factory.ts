import type { Clock } from '../common/clock/clock';
import type { AppConfig } from '../config/app-config';
import type { MetricsService } from '../metrics/metrics.service';
import type { SimulatedCloud } from '../simulator';
import { MockOpenStackClient } from './mock/mock-openstack-client';
import type { OpenStackClient } from './openstack-client';

export type OpenStackClientKind = 'mock' | 'real';

export function clientKind(config: AppConfig): OpenStackClientKind {
  return config.useMockOpenStack ? 'mock' : 'real';
}

/**
 * Builds the client the config asks for. Exhaustive over the kinds; the adapter not
 * chosen is never constructed. The real one is not even loaded with the simulator: it
 * and its HTTP stack (undici) were a tenth of the boot (ADR 0020).
 */
export async function createOpenStackClient(
  config: AppConfig,
  simulator: SimulatedCloud,
  clock: Clock,
  metrics: MetricsService,
): Promise<OpenStackClient> {
  const kind = clientKind(config);
  switch (kind) {
    case 'mock':
      return new MockOpenStackClient(simulator);
    case 'real': {
      if (!config.openstack) throw new Error('USE_MOCK_OPENSTACK=false needs a resolved cloud.');
      const { RealOpenStackClient } = await import('./real/real-openstack-client');
      const { MetricsHttpObserver } = await import('./real/metrics-http-observer');
      return new RealOpenStackClient(config.openstack, clock, new MetricsHttpObserver(metrics));
    }
  }
}
