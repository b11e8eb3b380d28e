/** `2030-01-01T00:00:00.000000Z`: Keystone's expires_at/issued_at. */
export function keystoneFormat(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** `2030-01-01T00:00:00Z`: Nova's created/updated and Glance's timestamps. */
export function secondsFormat(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2030-01-01T00:00:00.000000`: Nova's launched_at/terminated_at and instance action times. */
export function novaUsageFormat(date: Date | null): string | null {
  return date ? date.toISOString().replace(/\.(\d{3})Z$/, '.$1000') : null;
}
