import { CloudError } from '../../compute/cloud-errors';
import { DomainError } from './domain-error';
import { Errors } from './errors';

/**
 * Turns a cloud client error into this API's error, so answers are identical
 * whichever client is bound. `notFound` says what a missing resource means here.
 * Upstream messages are not passed through for server-side failures: they may
 * name internal hosts.
 */
export function fromCloudError(error: unknown, notFound: () => DomainError): unknown {
  if (!(error instanceof CloudError)) return error;
  switch (error.kind) {
    case 'not_found':
      return notFound();
    case 'conflict':
      return new DomainError(
        'conflict',
        'INVALID_STATE_TRANSITION',
        "The cloud refused the action in the server's current state.",
      );
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
  }
}

function retryAfter(error: CloudError): number | undefined {
  return 'retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number'
    ? error.retryAfterSeconds
    : undefined;
}
