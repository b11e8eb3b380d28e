import { pythonRepr, pythonStr } from './python-repr';

describe('pythonRepr', () => {
  it('prints JSON values as Python does', () => {
    // As Nova printed a rejected `networks` (lab cloud, Zed).
    expect(pythonRepr([{ uuid: '2904b2da', fixed_ip: '10.99.0.500' }])).toBe(
      "[{'uuid': '2904b2da', 'fixed_ip': '10.99.0.500'}]",
    );
    expect(pythonRepr({ uuid: 'x', foo: 1 })).toBe("{'uuid': 'x', 'foo': 1}");
    expect(pythonRepr([true, false, null, 1.5])).toBe('[True, False, None, 1.5]');
    expect(pythonRepr("it's")).toBe('"it\'s"');
    expect(pythonRepr('a\'b"c\n')).toBe("'a\\'b\"c\\n'");
    expect(pythonStr('auto')).toBe('auto');
    expect(pythonStr(['auto'])).toBe("['auto']");
  });
});
