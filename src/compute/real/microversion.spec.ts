import { Microversion, negotiateMicroversion, parseVersionDocument } from './microversion';
import { NOVA_ROOT_VERSIONS, NOVA_VERSION_DOC } from './testing/openstack-samples';

const v = (text: string) => Microversion.parse(text)!;
const OURS = { min: v('2.1'), max: v('2.93') };

describe('microversions', () => {
  it('compare numerically, not as text', () => {
    expect(v('2.10').compare(v('2.9'))).toBeGreaterThan(0);
    expect(v('2.37').atLeast(v('2.37'))).toBe(true);
    expect(Microversion.min(v('2.100'), v('2.93')).toString()).toBe('2.93');
    expect(Microversion.parse('')).toBeNull();
    expect(Microversion.parse('latest')).toBeNull();
    expect(Microversion.parse('v2.1')?.toString()).toBe('2.1');
  });

  it('read the versioned document and the root list of versions', () => {
    expect(String(parseVersionDocument(NOVA_VERSION_DOC)?.max)).toBe('2.93');
    expect(String(parseVersionDocument(NOVA_ROOT_VERSIONS)?.min)).toBe('2.1');
    expect(
      parseVersionDocument({ version: { id: 'v2.0', version: '', min_version: '' } }),
    ).toBeNull();
  });

  it('negotiate min(ours, the server’s max), within the server’s range', () => {
    const server = (min: string, max: string) => ({ min: v(min), max: v(max) });
    expect(String(negotiateMicroversion(OURS, server('2.1', '2.93')))).toBe('2.93');
    expect(String(negotiateMicroversion(OURS, server('2.1', '2.100')))).toBe('2.93');
    expect(String(negotiateMicroversion(OURS, server('2.1', '2.60')))).toBe('2.60');
    expect(negotiateMicroversion(OURS, server('2.95', '2.99'))).toBeNull();
    expect(String(negotiateMicroversion(OURS, null))).toBe('2.1');
  });
});
