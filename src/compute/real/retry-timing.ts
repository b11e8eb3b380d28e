/** Inputs of one retry decision. */
export interface RetryDecision {
  /** Retries already made (0 after the first attempt). */
  retries: number;
  maxRetries: number;
  /** Time spent on this request so far, all attempts and waits. */
  elapsedMs: number;
  /** Total time a request may take, waits included, before giving up. */
  budgetMs: number;
  /** The server's `Retry-After`, when it sent one. */
  retryAfterMs?: number;
  /** First backoff step; step n is `baseMs * 2^n`, capped at `capMs`. */
  baseMs: number;
  capMs: number;
  /** Uniform in [0, 1); injectable for tests. */
  random: () => number;
}

/**
 * How long to wait before the next attempt, or null to give up. Exponential backoff
 * with full jitter (a uniform wait in [0, step]) spreads retries of many clients; a
 * `Retry-After` is a floor, with a little jitter above it so throttled callers do not
 * return in lockstep. Gives up when retries or the time budget are spent.
 */
export function retryDelayMs(d: RetryDecision): number | null {
  if (d.retries >= d.maxRetries) return null;
  const step = Math.min(d.capMs, d.baseMs * 2 ** d.retries);
  const delay =
    d.retryAfterMs !== undefined
      ? d.retryAfterMs + Math.floor(d.random() * d.baseMs)
      : Math.floor(d.random() * step);
  return d.elapsedMs + delay > d.budgetMs ? null : delay;
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `nowMs`;
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
