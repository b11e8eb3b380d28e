import { isIP } from 'node:net';

/**
 * IPv4 and IPv6 addresses and CIDR blocks as numbers, for the simulated Neutron's
 * allocation and for the REST API's checks on a requested fixed IP. Addresses are
 * written in their canonical form (RFC 5952 for IPv6: lower case, no leading zeros,
 * the longest run of zero groups as `::`), so one address has one spelling.
 */
export type IpVersion = 4 | 6;

export interface IpAddress {
  version: IpVersion;
  value: bigint;
}

export interface Cidr {
  version: IpVersion;
  /** The network address (the first of the block). */
  network: bigint;
  prefix: number;
}

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

/** The address `text` spells, or null when it is not an IPv4 or IPv6 address. */
export function parseIp(text: string): IpAddress | null {
  const version = isIP(text);
  if (version === 4) return { version: 4, value: ipv4Value(text) };
  if (version === 6) return { version: 6, value: ipv6Value(text) };
  return null;
}

/** The canonical spelling of an address. */
export function formatIp(ip: IpAddress): string {
  return ip.version === 4 ? formatIpv4(ip.value) : formatIpv6(ip.value);
}

/** `text` in its canonical spelling, or null when it is not an address. */
export function canonicalIp(text: string): string | null {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : null;
}

/** A CIDR block such as `10.0.0.0/24` (host bits must be zero), or null. */
export function parseCidr(text: string): Cidr | null {
  const [address, prefixText, ...rest] = text.split('/');
  if (rest.length > 0 || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return null;
  const ip = parseIp(address);
  const prefix = Number(prefixText);
  if (!ip || prefix > BITS[ip.version]) return null;
  if ((ip.value & hostMask(ip.version, prefix)) !== 0n) return null;
  return { version: ip.version, network: ip.value, prefix };
}

/** The block's last address (IPv4's broadcast address). */
export function lastAddress(cidr: Cidr): bigint {
  return cidr.network | hostMask(cidr.version, cidr.prefix);
}

/** Whether the address lies in the block. */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  return ip.version === cidr.version && ip.value >= cidr.network && ip.value <= lastAddress(cidr);
}

/** `10.0.0.0/24` → `10.0.0.<n>`: the block's nth address, as text. */
export function nthAddress(cidr: Cidr, n: number | bigint): string {
  return formatIp({ version: cidr.version, value: cidr.network + BigInt(n) });
}

/**
 * The SLAAC address of a MAC in a /64: the modified EUI-64 interface id (the MAC with
 * `ff:fe` in its middle and the universal/local bit flipped) after the prefix.
 */
export function eui64Address(cidr: Cidr, mac: string): bigint {
  const bytes = mac.split(':').map((part) => parseInt(part, 16));
  const id = [bytes[0] ^ 0x02, bytes[1], bytes[2], 0xff, 0xfe, bytes[3], bytes[4], bytes[5]];
  const interfaceId = id.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
  return cidr.network | interfaceId;
}

function hostMask(version: IpVersion, prefix: number): bigint {
  return (1n << BigInt(BITS[version] - prefix)) - 1n;
}

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** An IPv6 address `isIP` accepted: `::` expanded, an embedded IPv4 tail included. */
function ipv6Value(text: string): bigint {
  let groups: string[];
  let tail: bigint[] = [];
  let body = text.split('%')[0];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const v4 = ipv4Value(dotted[1]);
    tail = [v4 >> 16n, v4 & 0xffffn];
    body = body.slice(0, -dotted[1].length - 1) + (body.endsWith(`::${dotted[1]}`) ? ':' : '');
  }
  if (body.includes('::')) {
    const [head, rest] = body.split('::');
    const left = head === '' ? [] : head.split(':');
    const right = rest === '' ? [] : rest.split(':');
    const missing = 8 - tail.length - left.length - right.length;
    groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  } else {
    groups = body === '' ? [] : body.split(':');
  }
  return [...groups.map((g) => BigInt(parseInt(g, 16))), ...tail].reduce(
    (acc, group) => (acc << 16n) | group,
    0n,
  );
}

function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((value >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  // The longest run of two or more zero groups (the first of equals) becomes `::`.
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = (part: number[]) => part.map((g) => g.toString(16)).join(':');
  if (best.length < 2) return hex(groups);
  return `${hex(groups.slice(0, best.start))}::${hex(groups.slice(best.start + best.length))}`;
}

/** Why an address cannot be given to a port on a subnet. */
export type SubnetAddressProblem = 'outside' | 'network' | 'broadcast' | 'gateway';

/**
 * Whether a port may be given `ip` on a subnet: inside its CIDR, and neither its network
 * address nor (IPv4) its broadcast address, which Neutron refuses, nor its gateway,
 * which a network's router holds. Returns the problem, or null.
 */
export function subnetAddressProblem(
  subnet: { cidr: string; gatewayIp: string | null },
  ip: IpAddress,
): SubnetAddressProblem | null {
  const cidr = parseCidr(subnet.cidr);
  if (!cidr || !cidrContains(cidr, ip)) return 'outside';
  if (ip.value === cidr.network) return 'network';
  if (ip.version === 4 && cidr.prefix < 31 && ip.value === lastAddress(cidr)) return 'broadcast';
  const gateway = subnet.gatewayIp === null ? null : parseIp(subnet.gatewayIp);
  if (gateway && gateway.version === ip.version && gateway.value === ip.value) return 'gateway';
  return null;
}
