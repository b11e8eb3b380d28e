import { negotiate } from './microversion';

describe('negotiate (Nova microversions)', () => {
  it.each([
    [{}, 2.1, '2.1'],
    [{ 'openstack-api-version': 'compute 2.37' }, 37, '2.37'],
    [{ 'openstack-api-version': 'Compute 2.47' }, 47, '2.47'],
    [{ 'openstack-api-version': 'image 2.5, compute 2.60' }, 60, '2.60'],
    [{ 'openstack-api-version': ['volume 3.1', 'compute 2.10'] }, 10, '2.10'],
    [{ 'openstack-api-version': 'image 2.5' }, 1, '2.1'],
    [{ 'openstack-api-version': 'compute latest' }, 93, '2.93'],
    [{ 'x-openstack-nova-api-version': '2.40' }, 40, '2.40'],
    [{ 'x-openstack-nova-api-version': 'LATEST' }, 93, '2.93'],
  ])('%j → minor %s, echoed as %s', (headers, minor, echo) => {
    const result = negotiate(headers);
    expect(result).toEqual({ ok: true, minor: minor === 2.1 ? 1 : minor, echo });
  });

  it.each(['2.0', '2.94', '2.999', '3.0', '1.1'])('refuses %s with 406', (version) => {
    expect(negotiate({ 'openstack-api-version': `compute ${version}` })).toEqual({
      ok: false,
      status: 406,
      echo: version,
      message: `Version ${version} is not supported by the API. Minimum is 2.1 and maximum is 2.93.`,
    });
  });

  it.each(['2', '2.x', '02.1', '2.1.1', 'v2.1'])('refuses the malformed %s with 400', (version) => {
    expect(negotiate({ 'x-openstack-nova-api-version': version })).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});
