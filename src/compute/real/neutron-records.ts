import type { CloudNetwork } from '../cloud-records';

/** The fields of a Neutron network this client reads. */
export interface NeutronNetwork {
  id: string;
  name?: string;
  status?: string;
  shared?: boolean;
  'router:external'?: boolean;
  /** Subnet ids. */
  subnets?: string[];
}

/** The fields of a Neutron subnet this client reads. */
export interface NeutronSubnet {
  id: string;
  network_id?: string;
  name?: string;
  ip_version?: number;
  cidr?: string;
  gateway_ip?: string | null;
  ipv6_address_mode?: string | null;
}

/** Neutron's networks with their subnets (those listed), in Neutron's order. */
export function toCloudNetworks(
  networks: NeutronNetwork[],
  subnets: NeutronSubnet[],
): CloudNetwork[] {
  const byId = new Map(subnets.map((subnet) => [subnet.id, subnet]));
  return networks.map((network) => ({
    id: network.id,
    name: network.name ?? '',
    status: network.status ?? 'UNKNOWN',
    shared: network.shared === true,
    external: network['router:external'] === true,
    subnets: (network.subnets ?? [])
      .map((id) => byId.get(id))
      .filter((subnet): subnet is NeutronSubnet => subnet !== undefined)
      .sort((a, b) => (a.ip_version ?? 4) - (b.ip_version ?? 4))
      .map((subnet) => ({
        id: subnet.id,
        name: subnet.name ?? '',
        ipVersion: subnet.ip_version === 6 ? 6 : 4,
        cidr: subnet.cidr ?? '',
        gatewayIp: subnet.gateway_ip ?? null,
        ipv6AddressMode: subnet.ipv6_address_mode ?? null,
      })),
  }));
}
