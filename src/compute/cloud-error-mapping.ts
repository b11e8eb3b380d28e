import type { DomainError } from '../common/errors/domain-error';
import { Errors } from '../common/errors/errors';
import {
  CloudError,
  CloudFixedIpInUseError,
  CloudNetworkAmbiguousError,
  CloudNetworkNotFoundError,
} from './cloud-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Turns an error of the port's `CloudError` family into this API's error, so answers
 * are identical whichever client is bound; anything else is returned unchanged.
 * `notFound` says what a missing resource means to the caller. Upstream messages are
 * never passed through: they may name internal hosts.
 */
export function fromCloudError(error: unknown, notFound: () => DomainError): unknown {
  if (!(error instanceof CloudError)) return error;
  const network = networkError(error);
  if (network) return network;
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

/** The network errors of a create: a body reference (422), or an address in use (409). */
function networkError(error: CloudError): DomainError | null {
  if (error instanceof CloudNetworkNotFoundError) {
    const ids = error.networkIds.filter((id) => UUID.test(id));
    return Errors.badReference(
      'NETWORK_NOT_FOUND',
      ids.length > 0
        ? `Network ${ids.join(', ')} does not exist or is not usable by your project.`
        : 'No network is available to your project to plug the server into.',
      'networks',
    );
  }
  if (error instanceof CloudFixedIpInUseError) return Errors.fixedIpInUse(error.address);
  if (error instanceof CloudNetworkAmbiguousError) {
    return Errors.badReference(
      'NETWORK_AMBIGUOUS',
      'Your project may use several networks: name the ones to plug the server into.',
      'networks',
    );
  }
  return null;
}
