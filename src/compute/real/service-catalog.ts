import { CloudUnavailableError } from '../cloud-errors';
import type { EndpointInterface } from '../../config/openstack-connection-config';

interface CatalogEndpoint {
  interface?: string;
  region_id?: string | null;
  region?: string | null;
  url?: string;
}

interface CatalogEntry {
  type?: string;
  endpoints?: CatalogEndpoint[];
}

/**
 * The service catalog of a Keystone v3 token: finds the URL of a service type for an
 * interface and (optionally) a region. Without a region the first matching endpoint
 * wins, as in keystoneauth.
 */
export class ServiceCatalog {
  private readonly entries: CatalogEntry[];

  constructor(catalog: unknown) {
    this.entries = Array.isArray(catalog) ? (catalog as CatalogEntry[]) : [];
  }

  /** The endpoint URL without a trailing slash; throws when the catalog has none. */
  endpoint(type: string, endpointInterface: EndpointInterface, region?: string): string {
    for (const entry of this.entries) {
      if (entry.type !== type) continue;
      const match = (entry.endpoints ?? []).find(
        (e) =>
          normaliseInterface(e.interface) === endpointInterface &&
          typeof e.url === 'string' &&
          (region === undefined || e.region_id === region || e.region === region),
      );
      if (match) return match.url!.replace(/\/+$/, '');
    }
    const where = region ? ` in region ${region}` : '';
    throw new CloudUnavailableError(
      `The service catalog has no ${endpointInterface} ${type} endpoint${where}.`,
    );
  }
}

const normaliseInterface = (value: string | undefined) => value?.replace(/URL$/, '');

/**
 * Glance's catalog URL is usually unversioned (`http://host:9292`, DevStack's
 * `http://host/image`); its API lives under `/v2`.
 */
export function imageV2Url(catalogUrl: string): string {
  const trimmed = catalogUrl.replace(/\/+$/, '');
  return /\/v2(\.\d+)?$/.test(trimmed) ? trimmed.replace(/\/v2\.\d+$/, '/v2') : `${trimmed}/v2`;
}

/**
 * Neutron's catalog URL is usually unversioned (`http://host:9696`, DevStack's
 * `http://host/networking`); its API lives under `/v2.0`.
 */
export function networkV2Url(catalogUrl: string): string {
  const trimmed = catalogUrl.replace(/\/+$/, '');
  return /\/v2\.0$/.test(trimmed) ? trimmed : `${trimmed}/v2.0`;
}
