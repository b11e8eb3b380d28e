import { MAX_MINOR, MIN_MINOR } from './microversion';

const UPDATED = '2013-07-23T11:33:21Z';

/** The v2.1 entry of `GET /compute/` (Nova's versions list). */
export function computeVersionEntry(baseUrl: string) {
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: `2.${MAX_MINOR}`,
    min_version: `2.${MIN_MINOR}`,
    updated: UPDATED,
    links: [{ rel: 'self', href: `${baseUrl}/compute/v2.1/` }],
  };
}

/** `GET /compute/v2.1/`: the version document clients discover microversions from. */
export function computeVersionDoc(baseUrl: string) {
  const entry = computeVersionEntry(baseUrl);
  return {
    version: {
      ...entry,
      links: [
        ...entry.links,
        { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
      ],
      'media-types': [
        { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
      ],
    },
  };
}
