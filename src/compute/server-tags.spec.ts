import { compareTags, sortedTags, tagProblem } from './server-tags';

describe("Nova's server tag rules", () => {
  it.each<[unknown, boolean]>([
    ['web', true],
    ['x'.repeat(60), true],
    ['team blue é', true],
    ['😀'.repeat(60), true],
    ['', false],
    ['x'.repeat(61), false],
    ['😀'.repeat(61), false],
    ['a,b', false],
    ['a/b', false],
    [5, false],
  ])('%j is %s', (tag, valid) => {
    expect(tagProblem(tag) === null).toBe(valid);
  });

  it('lists tags case-insensitively, then by code unit, each once', () => {
    expect(sortedTags(['zeta', 'Beta2', 'beta', 'b', 'Alpha', 'beta'])).toEqual([
      'Alpha',
      'b',
      'beta',
      'Beta2',
      'zeta',
    ]);
    expect(['a', 'A'].sort(compareTags)).toEqual(['A', 'a']);
  });
});
