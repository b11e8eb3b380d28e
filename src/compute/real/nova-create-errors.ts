import {
  CloudBadRequestError,
  CloudConflictError,
  CloudFixedIpInUseError,
  CloudNetworkAmbiguousError,
  CloudNetworkNotFoundError,
} from '../cloud-errors';

const NETWORK_NOT_FOUND = /^Network (.+) could not be found\.?$/;
const NO_NETWORK_FOR_AUTO = /^Unable to automatically allocate a network for project/;
const FIXED_IP_IN_USE = /^Fixed IP address (\S+) is already in use on instance/;
const AMBIGUOUS = /^(Multiple possible networks found|More than one possible network found)/;

/**
 * The network errors of Nova's `POST /servers`, recognised by their (long-stable)
 * wording: an unknown network or no network for `auto` (400), a fixed IP held by
 * another port (400), several networks where one was to be picked (409). Anything
 * else is returned as it was.
 */
export function networkErrorOfCreate(error: unknown): unknown {
  if (error instanceof CloudBadRequestError) {
    const notFound = NETWORK_NOT_FOUND.exec(error.message);
    if (notFound) {
      return new CloudNetworkNotFoundError(error.message, notFound[1].split(', '));
    }
    if (NO_NETWORK_FOR_AUTO.test(error.message)) {
      return new CloudNetworkNotFoundError(error.message);
    }
    const inUse = FIXED_IP_IN_USE.exec(error.message);
    if (inUse) return new CloudFixedIpInUseError(error.message, inUse[1]);
  }
  if (error instanceof CloudConflictError && AMBIGUOUS.test(error.message)) {
    return new CloudNetworkAmbiguousError(error.message);
  }
  return error;
}
