import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Clock } from '../common/clock/clock';
import type { AppConfig } from '../config/app-config';
import { MockOpenStackClient } from './mock/mock-openstack-client';
import { MockOpenStackOptions } from './mock/mock-openstack-options';
import type { OpenStackClient } from './openstack-client';

export type OpenStackClientKind = 'mock' | 'real';

export function clientKind(config: AppConfig): OpenStackClientKind {
  return config.useMockOpenStack ? 'mock' : 'real';
}

/**
 * Builds the client the config asks for. Exhaustive over the kinds; the adapter not
 * chosen is never constructed.
 */
export function createOpenStackClient(
  config: AppConfig,
  txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  clock: Clock,
): OpenStackClient {
  const kind = clientKind(config);
  switch (kind) {
    case 'mock':
      return new MockOpenStackClient(txHost, clock, new MockOpenStackOptions(config.mockLatencyMs));
    case 'real':
      // Config validation refuses USE_MOCK_OPENSTACK=false until the real client exists.
      throw new Error('The real OpenStack client is not available in this build.');
  }
}
