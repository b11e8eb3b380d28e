import { SingleFlight } from './single-flight';

/** A promise resolved from outside, for deterministic ordering. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs one call for many concurrent callers of a key', async () => {
    const flight = new SingleFlight<string, number>();
    const gate = deferred<number>();
    let calls = 0;
    const fn = () => {
      calls += 1;
      return gate.promise;
    };
    const all = Promise.all(Array.from({ length: 50 }, () => flight.run('auth', fn)));
    expect(flight.has('auth')).toBe(true);
    gate.resolve(42);
    expect(await all).toEqual(Array(50).fill(42));
    expect(calls).toBe(1);
    expect(flight.has('auth')).toBe(false);
  });

  it('shares a failure, then starts afresh', async () => {
    const flight = new SingleFlight<string, number>();
    const gate = deferred<number>();
    const a = flight.run('k', () => gate.promise);
    const b = flight.run('k', () => Promise.resolve(0));
    gate.reject(new Error('down'));
    await expect(a).rejects.toThrow('down');
    await expect(b).rejects.toThrow('down');
    await expect(flight.run('k', () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('keeps keys apart', async () => {
    const flight = new SingleFlight<string, string>();
    const [x, y] = await Promise.all([
      flight.run('x', () => Promise.resolve('x')),
      flight.run('y', () => Promise.resolve('y')),
    ]);
    expect([x, y]).toEqual(['x', 'y']);
  });
});
