import { createHash } from 'node:crypto';
import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { Errors } from '../common/errors/errors';

/**
 * One budget per API key across every route (per client address for requests that carry
 * no valid key, such as public probes). Runs after `AuthGuard`, which has set the
 * principal. Over budget: 429 `RATE_LIMITED` problem+json with `Retry-After`.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as unknown as AuthenticatedRequest).principal;
    if (principal) return Promise.resolve(`key:${principal.keyId}`);
    return super.getTracker(req).then((ip) => `ip:${ip}`);
  }

  /** The bucket is the caller's alone, not one per route as the library's default. */
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return createHash('sha256').update(`${name}\0${tracker}`).digest('hex');
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw Errors.rateLimited(detail.timeToBlockExpire);
  }
}
