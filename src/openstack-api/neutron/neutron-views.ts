import { createHash } from 'node:crypto';
import type { MockNetworkEntity, MockSubnetEntity, PortRow } from '../../simulator';
import { secondsFormat } from '../http/openstack-time';

/** A Neutron resource as shown: attribute name → JSON value. */
export type NeutronView = Record<string, unknown>;

/**
 * The id of a project's `default` security group, which its ports are in. Stable, in
 * Neutron's UUID form (security groups themselves are not served).
 */
export function defaultSecurityGroupId(projectId: string): string {
  const hex = createHash('sha256').update(`security-group:default:${projectId}`).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** A network as Neutron (Zed, ML2) shows it: the attributes seen on the lab cloud. */
export function networkView(network: MockNetworkEntity, subnets: MockSubnetEntity[]): NeutronView {
  return {
    id: network.id,
    name: network.name,
    tenant_id: network.projectId,
    admin_state_up: network.adminStateUp,
    mtu: network.mtu,
    status: network.status,
    subnets: subnets.filter((s) => s.networkId === network.id).map((s) => s.id),
    shared: network.shared,
    availability_zone_hints: [],
    availability_zones: [],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    'router:external': network.external,
    description: network.description,
    port_security_enabled: true,
    tags: [],
    created_at: secondsFormat(network.createdAt),
    updated_at: secondsFormat(network.updatedAt),
    revision_number: 1,
    project_id: network.projectId,
  };
}

export function subnetView(subnet: MockSubnetEntity): NeutronView {
  return {
    id: subnet.id,
    name: subnet.name,
    tenant_id: subnet.projectId,
    network_id: subnet.networkId,
    ip_version: subnet.ipVersion,
    subnetpool_id: null,
    enable_dhcp: subnet.enableDhcp,
    ipv6_ra_mode: subnet.ipv6RaMode,
    ipv6_address_mode: subnet.ipv6AddressMode,
    gateway_ip: subnet.gatewayIp,
    cidr: subnet.cidr,
    allocation_pools: [{ start: subnet.poolStart, end: subnet.poolEnd }],
    host_routes: [],
    dns_nameservers: [...subnet.dnsNameservers],
    description: subnet.description,
    service_types: [],
    tags: [],
    created_at: secondsFormat(subnet.createdAt),
    updated_at: secondsFormat(subnet.updatedAt),
    revision_number: 0,
    project_id: subnet.projectId,
  };
}

/** A port as a project member sees it (no `binding:host_id` and the like). */
export function portView({ port, fixedIps }: PortRow): NeutronView {
  return {
    id: port.id,
    name: port.name,
    network_id: port.networkId,
    tenant_id: port.projectId,
    mac_address: port.macAddress,
    admin_state_up: port.adminStateUp,
    status: port.status,
    device_id: port.deviceId,
    device_owner: port.deviceOwner,
    fixed_ips: fixedIps.map((ip) => ({ subnet_id: ip.subnetId, ip_address: ip.ipAddress })),
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    security_groups: [defaultSecurityGroupId(port.projectId)],
    description: '',
    'binding:vnic_type': 'normal',
    port_security_enabled: true,
    tags: [],
    created_at: secondsFormat(port.createdAt),
    updated_at: secondsFormat(port.updatedAt),
    revision_number: 1,
    project_id: port.projectId,
  };
}
