import { ManualClock } from '../../common/clock/manual-clock';
import { CloudUnavailableError } from '../cloud-errors';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let clock: ManualClock;
  let changes: CircuitState[];
  let breaker: CircuitBreaker;
  beforeEach(() => {
    clock = new ManualClock();
    changes = [];
    breaker = new CircuitBreaker(
      'compute',
      { failureThreshold: 3, cooldownMs: 10_000 },
      clock,
      (s) => changes.push(s),
    );
  });

  const fail = (n: number) => {
    for (let i = 0; i < n; i++) {
      breaker.acquire();
      breaker.failure();
    }
  };

  it('opens after K consecutive failures; a success in between resets the count', () => {
    fail(2);
    breaker.acquire();
    breaker.success();
    fail(2);
    expect(breaker.current).toBe('closed');
    fail(1);
    expect(breaker.current).toBe('open');
    expect(changes).toEqual(['open']);
  });

  it('fails fast while open, with the seconds left of the cool-down', () => {
    fail(3);
    clock.advance(2_500);
    let error: unknown;
    try {
      breaker.acquire();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CloudUnavailableError);
    expect((error as CloudUnavailableError).retryAfterSeconds).toBe(8);
    expect((error as Error).message).toBe(
      'The compute API is failing; calls are paused while it recovers.',
    );
  });

  it('lets exactly one probe through after the cool-down, and closes on its success', () => {
    fail(3);
    clock.advance(10_000);
    breaker.acquire(); // the probe
    expect(breaker.current).toBe('half-open');
    expect(() => breaker.acquire()).toThrow(CloudUnavailableError);
    breaker.success();
    expect(breaker.current).toBe('closed');
    breaker.acquire();
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens for a full cool-down when the probe fails', () => {
    fail(3);
    clock.advance(10_000);
    breaker.acquire();
    breaker.failure();
    expect(breaker.current).toBe('open');
    clock.advance(9_999);
    expect(() => breaker.acquire()).toThrow(CloudUnavailableError);
    clock.advance(1);
    expect(() => breaker.acquire()).not.toThrow();
  });
});
