import { liveConfig } from './live-cloud';

/** Jest global setup of `npm run test:openstack`: stop at once, and say why, without a cloud. */
export default function requireCloud(): void {
  const config = liveConfig();
  process.stdout.write(
    `\ntest:openstack: cloud from ${config.openstack!.sources.join(', ')}; ` +
      `region ${config.openstack!.regionName ?? '(first in catalog)'}; ` +
      `interface ${config.openstack!.interface}; networks ${String(config.openstack!.networks)}\n`,
  );
}
