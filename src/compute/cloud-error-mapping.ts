import type { DomainError } from '../common/errors/domain-error';
import { Errors } from '../common/errors/errors';
import { CloudError } from './cloud-errors';

/**
 * Turns an error of the port's `CloudError` family into this API's error, so answers
 * are identical whichever client is bound; anything else is returned unchanged.
 * `notFound` says what a missing resource means to the caller. Upstream messages are
 * never passed through: they may name internal hosts.
 */
export function fromCloudError(error: unknown, notFound: () => DomainError): unknown {
  if (!(error instanceof CloudError)) return error;
  switch (error.kind) {
    case 'not_found':
      return notFound();
    case 'conflict':
      return Errors.cloudRefusedTransition();
    case 'bad_request':
      return Errors.upstreamRejected('The cloud rejected the request.');
    case 'quota_exceeded':
      return Errors.quotaExceeded("The project's quota in the cloud does not allow this.");
    case 'rate_limited':
      return Errors.upstreamRateLimited(retryAfter(error));
    case 'unauthorized':
      return Errors.upstreamFailed();
    case 'unavailable':
      return Errors.upstreamUnavailable(retryAfter(error));
    case 'unsupported':
      // The client's own wording (see CloudUnsupportedError), not the cloud's.
      return Errors.upstreamRejected(error.message);
  }
}

function retryAfter(error: CloudError): number | undefined {
  return 'retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number'
    ? error.retryAfterSeconds
    : undefined;
}
