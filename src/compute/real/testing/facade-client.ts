import type { OpenStackCloud } from '../../../../test/support/openstack-cloud';
import { realClientEnv } from '../../../../test/support/real-client-env';
import type { Clock } from '../../../common/clock/clock';
import { loadConfig } from '../../../config/load-config';
import type { OpenStackConnectionConfig } from '../../../config/openstack-connection-config';
import { RealOpenStackClient, type RealClientOverrides } from '../real-openstack-client';
import { SEED_IMAGES } from '../../../simulator';
import { CountingHttpObserver } from './counting-http-observer';

/** The seeded active image of the simulator behind the façade (cirros). */
export const FACADE_IMAGE_ID = SEED_IMAGES.cirros.id;

/** The real client's config for the façade, resolved by `loadConfig` as at boot. */
export function facadeConnection(
  cloud: OpenStackCloud,
  env: Record<string, string> = {},
): OpenStackConnectionConfig {
  return loadConfig({
    ...realClientEnv({
      authUrl: cloud.authUrl,
      password: cloud.memberKey,
      projectName: cloud.projectName,
    }),
    ...env,
  }).openstack!;
}

/**
 * A real client pointed at the façade, with a request counter. It runs on the façade's
 * clock by default, so token lifetimes and breaker cool-downs follow `cloud.clock`.
 */
export function facadeClient(
  cloud: OpenStackCloud,
  options: { env?: Record<string, string>; clock?: Clock; overrides?: RealClientOverrides } = {},
): { client: RealOpenStackClient; requests: CountingHttpObserver } {
  const requests = new CountingHttpObserver();
  const client = new RealOpenStackClient(
    facadeConnection(cloud, options.env),
    options.clock ?? cloud.clock,
    requests,
    options.overrides,
  );
  return { client, requests };
}
