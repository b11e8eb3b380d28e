import { nameMatcher } from './name-filter';

describe("Nova's name filter", () => {
  it('searches a regular expression anywhere in the name', async () => {
    const matches = await nameMatcher('^web-[0-9]+');
    expect(matches('web-12')).toBe(true);
    expect(matches('old-web-12')).toBe(false);
    expect((await nameMatcher('db'))('prod-db-1')).toBe(true);
  });

  it('matches what RE2 cannot compile (a back-reference) as a plain substring', async () => {
    expect((await nameMatcher('(a)\\1'))('aa')).toBe(false);
    expect((await nameMatcher('(a)\\1'))('x(a)\\1y')).toBe(true);
    expect((await nameMatcher('[unclosed'))('a[unclosed')).toBe(true);
  });

  it('answers a pattern that makes backtracking engines explode, at once', async () => {
    // A backtracking engine (the back-reference test above catches a swap to one) would not
    // return from this for hours.
    const name = `${'a'.repeat(60)}!`;
    expect((await nameMatcher('(a+)+$'))(name)).toBe(false);
    expect((await nameMatcher('(a|aa)+$'))(name)).toBe(false);
    expect((await nameMatcher('(a+)+!'))(name)).toBe(true);
  });
});
