import { createHash } from 'node:crypto';

/** A stable 32-hex id, the shape Keystone gives users, projects, roles and endpoints. */
export function keystoneId(label: string): string {
  return createHash('sha256').update(label).digest('hex').slice(0, 32);
}

const SERVICES = [
  { type: 'identity', name: 'keystone', path: '/identity' },
  { type: 'compute', name: 'nova', path: '/compute/v2.1' },
  { type: 'image', name: 'glance', path: '/image' },
  { type: 'network', name: 'neutron', path: '/networking' },
] as const;

export const REGION = 'RegionOne';

/**
 * The service catalog, laid out as DevStack does behind one web server: Keystone at
 * `/identity`, Nova at `/compute/v2.1`, Glance at `/image`, Neutron at `/networking` —
 * all on this app's own port.
 */
export function serviceCatalog(baseUrl: string) {
  return SERVICES.map((service) => ({
    endpoints: (['public', 'internal', 'admin'] as const).map((iface) => ({
      id: keystoneId(`endpoint:${service.type}:${iface}`),
      interface: iface,
      region_id: REGION,
      url: `${baseUrl}${service.path}`,
      region: REGION,
    })),
    id: keystoneId(`service:${service.type}`),
    type: service.type,
    name: service.name,
  }));
}
