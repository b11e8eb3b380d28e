import { isIPv4, isIPv6 } from 'node:net';

/**
 * Nova's access addresses (`accessIPv4`, `accessIPv6`): addresses a user says a server is
 * reached at, kept and shown as given. Nova takes a dotted quad without leading zeros
 * (netaddr's strict form) and any IPv6 form, which it keeps compressed.
 */

/** Whether Nova takes `text` as an `accessIPv4` (its `ipv4` format). */
export function isAccessIpv4(text: string): boolean {
  return isIPv4(text) && text.split('.').every((part) => part === '0' || !part.startsWith('0'));
}

/** Whether Nova takes `text` as an `accessIPv6` (its `ipv6` format). */
export function isAccessIpv6(text: string): boolean {
  // No zone index (`fe80::1%eth0`): that is no address Nova keeps.
  return isIPv6(text) && !text.includes('%');
}

/** An IPv6 address in the compressed form Nova shows it in (`::babe:4.3.2.1` → `::babe:403:201`). */
export function compressIpv6(text: string): string {
  // The WHATWG URL parser serialises IPv6 hosts in RFC 5952's compressed form.
  return new URL(`http://[${text}]/`).hostname.slice(1, -1);
}
