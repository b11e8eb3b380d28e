import { ManualClock } from './clock/manual-clock';
import { RecentCache } from './recent-cache';

describe('RecentCache', () => {
  function loader(values: string[]) {
    const counter = { calls: 0 };
    const load = () => Promise.resolve(values[counter.calls++]);
    return { counter, load };
  }

  it('answers from memory within the time-to-live, and loads again after it', async () => {
    const clock = new ManualClock();
    const cache = new RecentCache<string>(clock, 1_000);
    const { counter, load } = loader(['a', 'b']);
    expect(await cache.get('k', load)).toBe('a');
    clock.advance(999);
    expect(await cache.get('k', load)).toBe('a');
    clock.advance(1);
    expect(await cache.get('k', load)).toBe('b');
    expect(counter.calls).toBe(2);
  });

  it('shares one load among concurrent callers', async () => {
    const cache = new RecentCache<string>(new ManualClock(), 1_000);
    const { counter, load } = loader(['a']);
    await Promise.all(Array.from({ length: 5 }, () => cache.get('k', load)));
    expect(counter.calls).toBe(1);
  });

  it('remembers only what `keep` accepts', async () => {
    const cache = new RecentCache<string>(new ManualClock(), 1_000);
    const { counter, load } = loader(['queued', 'active', 'never']);
    const keep = (status: string) => status === 'active';
    expect(await cache.get('k', load, keep)).toBe('queued');
    expect(await cache.get('k', load, keep)).toBe('active');
    expect(await cache.get('k', load, keep)).toBe('active');
    expect(counter.calls).toBe(2);
  });

  it('forgets on request, and the oldest entry beyond its size', async () => {
    const cache = new RecentCache<string>(new ManualClock(), 1_000, 2);
    const { counter, load } = loader(['1', '2', '3', '4', '5']);
    await cache.get('a', load);
    cache.forget('a');
    expect(await cache.get('a', load)).toBe('2');
    await cache.get('b', load);
    await cache.get('c', load); // pushes out 'a'
    expect(await cache.get('a', load)).toBe('5');
    expect(counter.calls).toBe(5);
  });
});
