import { parseRetryAfter, retryDelayMs, type RetryDecision } from './retry-timing';

const base: RetryDecision = {
  retries: 0,
  maxRetries: 3,
  elapsedMs: 0,
  budgetMs: 10_000,
  baseMs: 200,
  capMs: 5_000,
  random: () => 0.5,
};

describe('retry timing', () => {
  it('backs off exponentially with full jitter, capped', () => {
    expect(retryDelayMs({ ...base, random: () => 0.999 })).toBe(199);
    expect(retryDelayMs({ ...base, retries: 1 })).toBe(200);
    expect(retryDelayMs({ ...base, retries: 2, random: () => 0 })).toBe(0);
    expect(retryDelayMs({ ...base, retries: 2, maxRetries: 10, random: () => 0.999 })).toBe(799);
    expect(retryDelayMs({ ...base, retries: 9, maxRetries: 10, random: () => 0.999 })).toBe(4995);
  });

  it('stops after the last retry or beyond the time budget', () => {
    expect(retryDelayMs({ ...base, retries: 3 })).toBeNull();
    expect(retryDelayMs({ ...base, elapsedMs: 9_950 })).toBeNull();
    expect(retryDelayMs({ ...base, maxRetries: 0 })).toBeNull();
  });

  it('waits at least Retry-After, with a little jitter above it', () => {
    expect(retryDelayMs({ ...base, retryAfterMs: 2_000 })).toBe(2_100);
    expect(retryDelayMs({ ...base, retryAfterMs: 20_000 })).toBeNull();
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
