import type { CloudNetwork } from '../compute/cloud-records';

/**
 * The networks a project's servers may be plugged into: every network the cloud shows
 * it but external (provider) ones that are not shared, which Nova refuses to plug a
 * server into unless the caller is an admin.
 */
export function usableNetworks(networks: CloudNetwork[]): CloudNetwork[] {
  return networks.filter((network) => !network.external || network.shared);
}
