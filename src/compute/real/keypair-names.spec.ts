import { keypairPrefix, novaKeypairName, scopeKeypairName } from './keypair-names';

describe('key pair names in Nova', () => {
  const blue = { projectId: 'team-blue' };

  it('stores a project key pair under a readable project prefix and reads it back', () => {
    expect(novaKeypairName(blue, 'web key')).toBe('vml-team-blue web key');
    expect(scopeKeypairName(blue, 'vml-team-blue web key')).toBe('web key');
  });

  it("hides another project's key pairs and key pairs made outside the service", () => {
    expect(scopeKeypairName({ projectId: 'team-red' }, 'vml-team-blue web')).toBeNull();
    expect(scopeKeypairName(blue, 'ops-laptop')).toBeNull();
    expect(scopeKeypairName(blue, 'vml-team-blue ')).toBeNull();
  });

  it('never lets one project read names of a project whose id extends its own', () => {
    // "a" and "a-b", "a.b" and "a_b": no prefix is the start of another.
    const ids = ['a', 'a-b', 'a.b', 'a_b', 'a__b', 'a_db', 'a b', 'A'];
    for (const one of ids) {
      for (const other of ids) {
        if (one === other) continue;
        const name = novaKeypairName({ projectId: other }, 'k');
        expect({ one, other, seen: scopeKeypairName({ projectId: one }, name) }).toEqual({
          one,
          other,
          seen: null,
        });
      }
    }
  });

  it("uses only characters Nova takes at every microversion, within 255 with the API's names", () => {
    const worst = { projectId: '._'.repeat(32) };
    const name = novaKeypairName(worst, 'k'.repeat(120));
    expect(name).toMatch(/^[A-Za-z0-9_ -]+$/);
    expect(name.length).toBeLessThanOrEqual(255);
    expect(keypairPrefix({ projectId: 'admin' })).toBe('vml-admin ');
  });
});
