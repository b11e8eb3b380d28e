import { Logger } from '@nestjs/common';
import type { Clock } from '../../common/clock/clock';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import type { HttpRequest, HttpResponse, OpenStackService } from './http-exchange';
import type { HttpTransport, TransportResult } from './http-transport';
import { parseRetryAfter, retryDelayMs } from './retry-timing';

/** Statuses that mean "the service is not there right now": retried, and counted by the breaker. */
const GATEWAY_FAILURES = new Set([502, 503, 504]);

export interface ResilienceOptions {
  maxRetries: number;
  /** Total time one request may take, attempts and waits included, before retries stop. */
  budgetMs: number;
  /** Backoff: first step and cap. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer `Retry-After` is not waited for: the error goes to the caller with it. */
  maxRetryAfterMs: number;
  breaker: CircuitBreakerOptions;
}

export const DEFAULT_RESILIENCE: Omit<ResilienceOptions, 'maxRetries' | 'breaker'> = {
  budgetMs: 60_000,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retries and a circuit breaker around the transport, per service:
 * - a request is retried on a connection failure, a timeout, 502/503/504 and 429 —
 *   only when it is idempotent, except that a request that was never sent (connection
 *   refused) or explicitly refused unprocessed (429) may always go again; a server
 *   create that timed out or got a 5xx is never re-sent;
 * - waits are exponential with full jitter, `Retry-After` is honoured as a floor, and
 *   both the number of retries and the total time are bounded;
 * - every attempt passes the service's breaker, so an open circuit fails fast with
 *   `CloudUnavailableError(retryAfterSeconds)` and stops a retry loop at once.
 * Returns whatever response the last attempt got; the caller maps non-2xx to errors.
 */
export class ResilientHttp {
  private readonly logger = new Logger('OpenStackClient');
  private readonly breakers = new Map<OpenStackService, CircuitBreaker>();

  constructor(
    private readonly transport: HttpTransport,
    private readonly options: ResilienceOptions,
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
    private readonly random: () => number = Math.random,
  ) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    const started = performance.now();
    const breaker = this.breaker(req.service);
    for (let retries = 0; ; retries++) {
      breaker.acquire();
      const result = await this.transport.send(req);
      const verdict = this.judge(req, result);
      if (verdict.failed) breaker.failure();
      else breaker.success();
      const delay =
        verdict.retryable &&
        (verdict.retryAfterMs ?? 0) <= this.options.maxRetryAfterMs &&
        retryDelayMs({
          retries,
          maxRetries: this.options.maxRetries,
          elapsedMs: performance.now() - started,
          budgetMs: this.options.budgetMs,
          retryAfterMs: verdict.retryAfterMs,
          baseMs: this.options.baseDelayMs,
          capMs: this.options.maxDelayMs,
          random: this.random,
        });
      if (delay === false || delay === null) {
        if (!result.ok) throw result.error;
        return result.response;
      }
      await this.sleep(delay);
    }
  }

  /** The breaker state of each service, for diagnostics and tests. */
  circuit(service: OpenStackService): CircuitBreaker['current'] {
    return this.breaker(service).current;
  }

  private judge(
    req: HttpRequest,
    result: TransportResult,
  ): { failed: boolean; retryable: boolean; retryAfterMs?: number } {
    // A streamed body is gone once sent; its own failure says nothing of the service.
    if (!result.ok && result.kind === 'source') return { failed: false, retryable: false };
    if (!result.ok) {
      const once = req.stream !== undefined;
      return { failed: true, retryable: !once && (req.idempotent || result.kind === 'connect') };
    }
    const { status } = result.response;
    const retryAfterMs = () =>
      // An HTTP-date Retry-After is wall-clock time, whatever clock the app runs on.
      parseRetryAfter(result.response.header('retry-after'), Date.now());
    if (GATEWAY_FAILURES.has(status)) {
      return { failed: true, retryable: req.idempotent, retryAfterMs: retryAfterMs() };
    }
    if (status === 429) {
      return { failed: false, retryable: req.stream === undefined, retryAfterMs: retryAfterMs() };
    }
    return { failed: false, retryable: false };
  }

  private breaker(service: OpenStackService): CircuitBreaker {
    let breaker = this.breakers.get(service);
    if (!breaker) {
      breaker = new CircuitBreaker(service, this.options.breaker, this.clock, (state) =>
        state === 'open'
          ? this.logger.warn(`Circuit to the ${service} API opened: failing fast for a while`)
          : this.logger.log(`Circuit to the ${service} API is ${state}`),
      );
      this.breakers.set(service, breaker);
    }
    return breaker;
  }
}
