import type { MockFlavorEntity } from '../../simulator';
import type { NovaUrls } from './nova-urls';

/** An entry of `GET /flavors` (description from 2.55). */
export function flavorSummary(row: MockFlavorEntity, urls: NovaUrls, minor: number) {
  return {
    id: row.id,
    name: row.name,
    links: urls.links('flavors', row.id),
    ...(minor >= 55 ? { description: null } : {}),
  };
}

/** Nova's full flavor view; `swap` is "" for none before 2.75, then 0. */
export function flavorDetail(row: MockFlavorEntity, urls: NovaUrls, minor: number) {
  return {
    id: row.id,
    name: row.name,
    ram: row.ramMb,
    disk: row.diskGb,
    swap: minor >= 75 ? 0 : '',
    'OS-FLV-EXT-DATA:ephemeral': 0,
    'OS-FLV-DISABLED:disabled': false,
    vcpus: row.vcpus,
    'os-flavor-access:is_public': row.isPublic,
    rxtx_factor: 1.0,
    links: urls.links('flavors', row.id),
    ...(minor >= 55 ? { description: null } : {}),
    ...(minor >= 61 ? { extra_specs: {} } : {}),
  };
}
