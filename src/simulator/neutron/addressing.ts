import { randomBytes } from 'node:crypto';
import {
  eui64Address,
  formatIp,
  parseCidr,
  parseIp,
  subnetAddressProblem,
  type IpAddress,
} from '../../common/net/ip-address';
import type { MockSubnetEntity } from '../entities/mock-subnet.entity';

/** Neutron's MAC prefix (`base_mac = fa:16:3e:00:00:00`). */
const MAC_PREFIX = 'fa:16:3e';

/** A new port's MAC: Neutron's prefix and three random bytes. */
export function randomMac(): string {
  const tail = [...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0'));
  return [MAC_PREFIX, ...tail].join(':');
}

/** An IPv6 subnet whose ports take an address derived from their MAC (SLAAC). */
export function derivesAddresses(subnet: MockSubnetEntity): boolean {
  return (
    subnet.ipVersion === 6 &&
    (subnet.ipv6AddressMode === 'slaac' || subnet.ipv6AddressMode === 'dhcpv6-stateless')
  );
}

/**
 * Whether a port may be given this address of the subnet (see `subnetAddressProblem`).
 * Neutron hands out a gateway address no router holds; on a real network the router
 * holds it, and the simulator, which has no routers, keeps it out of reach.
 */
export function assignable(subnet: MockSubnetEntity, ip: IpAddress): boolean {
  return subnetAddressProblem(subnet, ip) === null;
}

/** The SLAAC address of a MAC on the subnet. */
export function derivedAddress(subnet: MockSubnetEntity, mac: string): string {
  const cidr = parseCidr(subnet.cidr)!;
  return formatIp({ version: 6, value: eui64Address(cidr, mac) });
}

/**
 * The lowest address of the subnet's pool that is neither taken nor excluded (the
 * gateway always is), or null when the pool is used up.
 */
export function lowestFree(
  subnet: MockSubnetEntity,
  taken: ReadonlySet<string>,
  excluded: ReadonlySet<string> = new Set(),
): string | null {
  const start = parseIp(subnet.poolStart)!;
  const end = parseIp(subnet.poolEnd)!;
  for (let value = start.value; value <= end.value; value++) {
    const ip = { version: start.version, value };
    const text = formatIp(ip);
    if (taken.has(text) || excluded.has(text) || !assignable(subnet, ip)) continue;
    return text;
  }
  return null;
}
