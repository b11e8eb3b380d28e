const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an OpenStack timestamp. Nova writes `created` with a `Z` but
 * `OS-SRV-USG:launched_at` with microseconds and no zone (`2026-11-26T03:31:02.000000`);
 * both are UTC. Returns null for null, empty or unreadable values.
 */
export function parseOpenStackTime(value: unknown): Date | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = m;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  if (zone === 'Z') return new Date(utc);
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return new Date(utc - sign * offsetMinutes * 60_000);
}

/** A timestamp for a query string (`changes-since`): UTC, seconds precision, `Z`. */
export function formatOpenStackTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
