import { pyRepr, pyStr } from './python-text';

describe("Python's repr and str of JSON values, as Nova's messages print them", () => {
  it.each<[unknown, string]>([
    [null, 'None'],
    [true, 'True'],
    [5, '5'],
    ['web', "'web'"],
    ["it's", '"it\'s"'],
    ['say "hi" it\'s', "'say \"hi\" it\\'s'"],
    ['a\nb\\c', "'a\\nb\\\\c'"],
    ['\u0001', "'\\x01'"],
    [[], '[]'],
    [['a', 1, null], "['a', 1, None]"],
    [{}, '{}'],
    [{ e: '5', g: ['x'] }, "{'e': '5', 'g': ['x']}"],
  ])('repr(%j) is %s', (value, text) => {
    expect(pyRepr(value)).toBe(text);
  });

  it('str() leaves a string as it is', () => {
    expect(pyStr('a,b')).toBe('a,b');
    expect(pyStr(['a'])).toBe("['a']");
  });
});
