import type { INestApplicationContext } from '@nestjs/common';
import type { OpenStackCloud } from './openstack-cloud';
import { realClientEnv } from './real-client-env';
import { createTestApp, type TestApp } from './test-app';
import { MetricsService } from '../../src/metrics/metrics.service';

/**
 * The service with the real OpenStack client (`USE_MOCK_OPENSTACK=false`), pointed at
 * the app's OpenStack-compatible API in `cloud` — two apps, talking HTTP.
 */
export async function startServiceOnCloud(
  cloud: OpenStackCloud,
  env: Record<string, string> = {},
): Promise<TestApp> {
  return createTestApp({
    ...realClientEnv({
      authUrl: cloud.authUrl,
      password: cloud.memberKey,
      projectName: cloud.projectName,
    }),
    ...env,
  });
}

/** HTTP requests the app's real client sent, by service (`openstack_http_requests_total`). */
export async function openstackRequests(
  app: INestApplicationContext,
): Promise<Record<'identity' | 'compute' | 'image' | 'network' | 'total', number>> {
  const metric = await app.get(MetricsService).openstackHttpRequests.get();
  const out = { identity: 0, compute: 0, image: 0, network: 0, total: 0 };
  for (const { labels, value } of metric.values) {
    out[labels.service as 'identity' | 'compute' | 'image' | 'network'] += value;
    out.total += value;
  }
  return out;
}
