import { CloudUnavailableError } from '../cloud-errors';
import { identityV3Url } from './keystone-auth-body';
import { imageV2Url, networkV2Url, ServiceCatalog } from './service-catalog';
import { CATALOG } from './testing/openstack-samples';

describe('ServiceCatalog', () => {
  const catalog = new ServiceCatalog(CATALOG);

  it('finds endpoints by type, interface and region', () => {
    expect(catalog.endpoint('compute', 'public')).toBe('http://127.0.0.1:8774/v2.1');
    expect(catalog.endpoint('image', 'internal', 'RegionOne')).toBe('http://127.0.0.1:9292');
    expect(catalog.endpoint('identity', 'admin')).toBe('http://127.0.0.1:5000/v3');
  });

  it('picks the configured region among several', () => {
    const two = new ServiceCatalog([
      {
        type: 'compute',
        endpoints: [
          { interface: 'public', region_id: 'East', url: 'http://east/v2.1' },
          { interface: 'publicURL', region: 'West', url: 'http://west/v2.1/' },
        ],
      },
    ]);
    expect(two.endpoint('compute', 'public')).toBe('http://east/v2.1');
    expect(two.endpoint('compute', 'public', 'West')).toBe('http://west/v2.1');
  });

  it('says which endpoint is missing, without any URL', () => {
    expect(() => catalog.endpoint('compute', 'public', 'Mars')).toThrow(
      new CloudUnavailableError(
        'The service catalog has no public compute endpoint in region Mars.',
      ),
    );
    expect(() => new ServiceCatalog(undefined).endpoint('image', 'public')).toThrow(
      CloudUnavailableError,
    );
  });

  it('puts Glance’s API under /v2 and Keystone’s under /v3', () => {
    expect(imageV2Url('http://127.0.0.1:9292')).toBe('http://127.0.0.1:9292/v2');
    expect(imageV2Url('http://host/image/')).toBe('http://host/image/v2');
    expect(imageV2Url('https://image.example/v2')).toBe('https://image.example/v2');
    expect(imageV2Url('https://image.example/v2.16/')).toBe('https://image.example/v2');
    expect(identityV3Url('http://127.0.0.1:5000/v3/')).toBe('http://127.0.0.1:5000/v3');
    expect(identityV3Url('http://host/identity')).toBe('http://host/identity/v3');
    expect(identityV3Url('http://host:5000/v2.0')).toBe('http://host:5000/v3');
  });

  it('puts Neutron’s API under /v2.0', () => {
    expect(networkV2Url('http://127.0.0.1:9696')).toBe('http://127.0.0.1:9696/v2.0');
    expect(networkV2Url('http://host/networking/')).toBe('http://host/networking/v2.0');
    expect(networkV2Url('https://network.example/v2.0/')).toBe('https://network.example/v2.0');
  });
});
