import type { Clock } from '../../common/clock/clock';
import { CloudUnavailableError } from '../cloud-errors';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before it lets one probe through. */
  cooldownMs: number;
}

/**
 * A consecutive-failure circuit breaker for one upstream service. Closed: calls pass,
 * failures are counted and any success resets the count. Open: calls fail fast with
 * `CloudUnavailableError` carrying the seconds left of the cool-down. After the
 * cool-down one call passes as a probe (half-open) while the others still fail fast;
 * its success closes the circuit, its failure opens it for another cool-down. Time
 * comes from the injected clock, so tests step through it.
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;

  constructor(
    private readonly label: string,
    private readonly options: CircuitBreakerOptions,
    private readonly clock: Clock,
    private readonly onChange: (state: CircuitState) => void = () => undefined,
  ) {}

  get current(): CircuitState {
    return this.state;
  }

  /** Lets a call through or throws; a call let through must report `success` or `failure`. */
  acquire(): void {
    if (this.state === 'closed') return;
    const now = this.clock.now().getTime();
    if (this.state === 'open' && now >= this.openedAt + this.options.cooldownMs) {
      this.transition('half-open');
    }
    if (this.state === 'half-open' && !this.probing) {
      this.probing = true;
      return;
    }
    const leftMs = Math.max(0, this.openedAt + this.options.cooldownMs - now);
    throw new CloudUnavailableError(
      `The ${this.label} API is failing; calls are paused while it recovers.`,
      Math.max(1, Math.ceil(leftMs / 1000)),
    );
  }

  /** The upstream answered (any HTTP status that is not a gateway/availability failure). */
  success(): void {
    this.failures = 0;
    this.probing = false;
    if (this.state !== 'closed') this.transition('closed');
  }

  /** The upstream failed: unreachable, timed out, or 502/503/504. */
  failure(): void {
    this.probing = false;
    this.failures += 1;
    if (this.state === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.clock.now().getTime();
      if (this.state !== 'open') this.transition('open');
    }
  }

  private transition(state: CircuitState): void {
    this.state = state;
    this.onChange(state);
  }
}
