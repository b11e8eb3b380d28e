import type { IncomingHttpHeaders } from 'node:http';

/** The microversions this façade speaks: Nova's 2.1 … 2.93 (Zed), like the lab cloud. */
export const MIN_MINOR = 1;
export const MAX_MINOR = 93;
const MIN = `2.${MIN_MINOR}`;
const MAX = `2.${MAX_MINOR}`;

export type Negotiation =
  | { ok: true; minor: number; echo: string }
  | { ok: false; status: 400 | 406; message: string; echo: string };

/**
 * Nova's microversion negotiation: `OpenStack-API-Version: compute X.Y` first, then the
 * legacy `X-OpenStack-Nova-API-Version: X.Y`, else 2.1; `latest` is the maximum. A
 * malformed version is 400; one outside 2.1 … 2.93 is 406, as Nova answers.
 */
export function negotiate(headers: IncomingHttpHeaders): Negotiation {
  const requested = fromStandardHeader(headers['openstack-api-version']) ?? legacy(headers);
  if (requested === null) return { ok: true, minor: MIN_MINOR, echo: MIN };
  if (requested.toLowerCase() === 'latest') return { ok: true, minor: MAX_MINOR, echo: MAX };
  const match = /^([1-9]\d*)\.([1-9]\d*|0)$/.exec(requested);
  if (!match) {
    return {
      ok: false,
      status: 400,
      message: `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`,
      echo: requested,
    };
  }
  const minor = Number(match[2]);
  if (match[1] !== '2' || minor < MIN_MINOR || minor > MAX_MINOR) {
    return {
      ok: false,
      status: 406,
      message: `Version ${requested} is not supported by the API. Minimum is ${MIN} and maximum is ${MAX}.`,
      echo: requested,
    };
  }
  return { ok: true, minor, echo: `2.${minor}` };
}

function fromStandardHeader(value: string | string[] | undefined): string | null {
  for (const entry of [value ?? []].flat().join(',').split(',')) {
    const [service, version] = entry.trim().split(/\s+/);
    if (service?.toLowerCase() === 'compute' && version) return version;
  }
  return null;
}

function legacy(headers: IncomingHttpHeaders): string | null {
  const value = headers['x-openstack-nova-api-version'];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || null;
}
