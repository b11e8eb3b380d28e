import {
  canonicalIp,
  cidrContains,
  eui64Address,
  formatIp,
  lastAddress,
  nthAddress,
  parseCidr,
  parseIp,
} from './ip-address';

describe('ip-address', () => {
  it.each([
    ['10.0.0.7', '10.0.0.7'],
    ['fd00:0:0:0:0:0:0:1', 'fd00::1'],
    ['FD00::0001', 'fd00::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['fd00:1:2:3:4:5:6:7', 'fd00:1:2:3:4:5:6:7'],
    ['fd00:0:1:2:3:4:5:6', 'fd00:0:1:2:3:4:5:6'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('spells %s canonically as %s', (text, canonical) => {
    expect(canonicalIp(text)).toBe(canonical);
  });

  it.each(['10.0.0.256', '10.0.0', 'fd00::1::2', 'not-an-ip', '', ' 10.0.0.1'])(
    'refuses %j',
    (text) => {
      expect(parseIp(text)).toBeNull();
    },
  );

  it('reads a CIDR block, its bounds and membership', () => {
    const cidr = parseCidr('10.0.0.0/24')!;
    expect(cidr).toEqual({ version: 4, network: 0x0a000000n, prefix: 24 });
    expect(formatIp({ version: 4, value: lastAddress(cidr) })).toBe('10.0.0.255');
    expect(nthAddress(cidr, 2)).toBe('10.0.0.2');
    expect(cidrContains(cidr, parseIp('10.0.0.200')!)).toBe(true);
    expect(cidrContains(cidr, parseIp('10.0.1.0')!)).toBe(false);
    expect(cidrContains(cidr, parseIp('fd00::1')!)).toBe(false);
  });

  it.each(['10.0.0.1/24', '10.0.0.0/33', '10.0.0.0', '10.0.0.0/24/1', 'fd00::/129', 'x/8'])(
    'refuses the block %j',
    (text) => {
      expect(parseCidr(text)).toBeNull();
    },
  );

  it("derives a port's SLAAC address from its MAC, as Neutron does", () => {
    // Seen on the lab cloud: fa:16:3e:ac:9b:67 on fd99:1:2::/64.
    const cidr = parseCidr('fd99:1:2::/64')!;
    const address = eui64Address(cidr, 'fa:16:3e:ac:9b:67');
    expect(formatIp({ version: 6, value: address })).toBe('fd99:1:2:0:f816:3eff:feac:9b67');
  });
});
