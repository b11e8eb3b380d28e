import type { HttpResponse } from '../http-exchange';

/**
 * Bodies captured from a real OpenStack Zed cloud (shared/openstack/samples), trimmed
 * to what the client reads. Ground truth for the parsing specs.
 */
const endpoints = (url: string) =>
  (['internal', 'admin', 'public'] as const).map((iface) => ({
    id: `${iface}-id`,
    interface: iface,
    region_id: 'RegionOne',
    url,
    region: 'RegionOne',
  }));

/** 01-keystone-POST-auth-tokens: the catalog. */
export const CATALOG = [
  { endpoints: endpoints('http://127.0.0.1:5000/v3/'), type: 'identity', name: 'keystone' },
  { endpoints: endpoints('http://127.0.0.1:8778'), type: 'placement', name: 'placement' },
  { endpoints: endpoints('http://127.0.0.1:8774/v2.1'), type: 'compute', name: 'nova' },
  { endpoints: endpoints('http://127.0.0.1:9292'), type: 'image', name: 'glance' },
];

/** 03-nova-GET-v2.1-version-doc. */
export const NOVA_VERSION_DOC = {
  version: { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' },
};

/** 04-nova-GET-root-versions. */
export const NOVA_ROOT_VERSIONS = {
  versions: [
    { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' },
    { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' },
  ],
};

const SERVER_COMMON = {
  id: '29e5ac6e-3ca4-4b3f-9c75-40f532aca2d7',
  name: 'sample-vm',
  status: 'ACTIVE',
  tenant_id: '75e9031dea6340ffb1347531a7b0ade0',
  metadata: {},
  image: { id: '163d1dbf-2652-4d0f-9d04-961ff7c3e29b', links: [] },
  created: '2026-11-26T03:31:01Z',
  updated: '2026-11-26T03:31:02Z',
  addresses: {},
  'OS-SRV-USG:launched_at': '2026-11-26T03:31:02.000000',
  'OS-SRV-USG:terminated_at': null,
  'OS-EXT-STS:task_state': null,
  'OS-EXT-STS:vm_state': 'active',
  'OS-EXT-STS:power_state': 1,
};

/** 09-nova-GET-server-2.1: the flavor by id. */
export const SERVER_2_1 = { ...SERVER_COMMON, flavor: { id: '1', links: [] } };

/** 08-nova-GET-servers-detail-2.93: the flavor embedded, by name only. */
export const SERVER_2_93 = {
  ...SERVER_COMMON,
  flavor: { vcpus: 1, ram: 512, disk: 1, ephemeral: 0, swap: 0, original_name: 'm1.tiny' },
  locked: false,
  tags: [],
};

/** 06-nova-GET-flavors-detail (first flavor). */
export const FLAVOR_TINY = { id: '1', name: 'm1.tiny', ram: 512, disk: 1, swap: 0, vcpus: 1 };

/** 05-glance-GET-v2-images (the one image). */
export const GLANCE_IMAGE = {
  os_distro: 'none',
  'owner_specified.openstack.object': 'images/tiny',
  name: 'tiny',
  disk_format: 'qcow2',
  container_format: 'bare',
  visibility: 'public',
  size: 196616,
  virtual_size: 1048576,
  status: 'active',
  checksum: '8e309b80fc0e748728a95dd8255b830c',
  protected: false,
  min_ram: 0,
  min_disk: 0,
  owner: 'a972cf1193624d8e925287a73b4001e9',
  os_hidden: false,
  os_hash_algo: 'sha512',
  os_hash_value:
    '67ecc7bf520d0b442fd960f62b13b1b30583e4c66fcc41a2424c8377c7d14d8f60fa6174da0781975035d3fa86c7c9596e52ee4f6f245a94550c2e8edf7f9ffd',
  id: '163d1dbf-2652-4d0f-9d04-961ff7c3e29b',
  created_at: '2026-11-26T03:21:39Z',
  updated_at: '2026-11-26T03:21:39Z',
  tags: [],
  self: '/v2/images/163d1dbf-2652-4d0f-9d04-961ff7c3e29b',
  file: '/v2/images/163d1dbf-2652-4d0f-9d04-961ff7c3e29b/file',
  schema: '/v2/schemas/image',
  stores: 'fs',
};

/** Error bodies: 10 (409), 14 (404), 15 (406), 16 (Glance HTML 404), 17 (Keystone 401). */
export const NOVA_409 =
  '{"conflictingRequest": {"code": 409, "message": "Cannot \'start\' instance 29e5ac6e-3ca4-4b3f-9c75-40f532aca2d7 while it is in vm_state active"}}';
export const NOVA_404 =
  '{"itemNotFound": {"code": 404, "message": "Instance 00000000-0000-0000-0000-000000000000 could not be found."}}';
export const NOVA_406 =
  '{"computeFault": {"code": 406, "message": "Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is 2.93."}}';
export const GLANCE_404_HTML =
  '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n' +
  '  No image found with ID 00000000-0000-0000-0000-000000000000<br /><br />\n\n\n\n </body>\n</html>';
export const KEYSTONE_401 =
  '{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}';

/** An `HttpResponse` for parser specs. */
export function response(
  status: number,
  text: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    text,
    header: (name) => headers[name.toLowerCase()],
    json: () => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return null;
      }
    },
  };
}
