import { FailureInjection } from './failure-injection';

describe('FailureInjection', () => {
  it('injects nothing without mock keys', () => {
    const injection = FailureInjection.fromMetadata({ role: 'web' });
    expect(injection.fails('build')).toBe(false);
    expect(injection.fails('delete')).toBe(false);
    expect(injection.fails('snapshot')).toBe(false);
    expect(injection.buildMs).toBeNull();
  });

  it('reads one or several comma-separated failures, ignoring unknown words', () => {
    const injection = FailureInjection.fromMetadata({ 'mock:fail': ' build, snapshot ,typo' });
    expect(injection.fails('build')).toBe(true);
    expect(injection.fails('snapshot')).toBe(true);
    expect(injection.fails('delete')).toBe(false);
  });

  it.each([
    ['2500', 2500],
    ['0', 0],
    ['-1', null],
    ['1.5', null],
    ['soon', null],
    ['', null],
  ])('reads mock:build-ms=%p as %p', (value, expected) => {
    expect(FailureInjection.fromMetadata({ 'mock:build-ms': value }).buildMs).toBe(expected);
  });
});
